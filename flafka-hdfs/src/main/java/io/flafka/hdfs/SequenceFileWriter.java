package io.flafka.hdfs;

import io.flafka.api.Event;
import java.io.IOException;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FSDataOutputStream;
import org.apache.hadoop.io.BytesWritable;
import org.apache.hadoop.io.LongWritable;
import org.apache.hadoop.io.SequenceFile;
import org.apache.hadoop.io.Text;
import org.apache.hadoop.io.Writable;
import org.apache.hadoop.io.compress.CompressionCodec;

/**
 * {@code SequenceFile}: key = the event's {@code timestamp} header (else the write time) as a
 * LongWritable, value = the body as a BytesWritable ({@code Writable}) or Text ({@code Text}), as Flume
 * writes them. With a codec the file is block-compressed. Every flush writes a sync marker, so a
 * reader can resynchronise after a torn tail. Hadoop's writer writes into a {@link WriteBuffer} (its
 * many small writes per record, each a synchronized, statistics-counting call on the file's stream,
 * become one write per batch); the buffer's stream counts positions from 0 like the new file does,
 * so the writer's sync-marker positions are the file's.
 */
final class SequenceFileWriter implements HdfsWriter {
    private final FSDataOutputStream file;
    private final WriteBuffer buffer;
    private final SequenceFile.Writer writer;
    private final boolean text;
    private final LongWritable key = new LongWritable();
    private final BytesWritable bytes = new BytesWritable();
    private final Text textValue = new Text();

    SequenceFileWriter(Configuration conf, FSDataOutputStream file, CompressionCodec codec, boolean text,
                       BufferPool buffers) throws IOException {
        this.file = file;
        this.buffer = new WriteBuffer(buffers, file);
        this.text = text;
        Class<? extends Writable> valueClass = text ? Text.class : BytesWritable.class;
        SequenceFile.Writer.Option compression = codec == null
                ? SequenceFile.Writer.compression(SequenceFile.CompressionType.NONE)
                : SequenceFile.Writer.compression(SequenceFile.CompressionType.BLOCK, codec);
        // no statistics on the buffered stream: the file's own stream counts the bytes once, when they reach it
        FSDataOutputStream buffered = new FSDataOutputStream(buffer, null);
        this.writer = SequenceFile.createWriter(conf, SequenceFile.Writer.stream(buffered),
                SequenceFile.Writer.keyClass(LongWritable.class), SequenceFile.Writer.valueClass(valueClass),
                compression);
    }

    @Override
    public void append(Event event) throws IOException {
        key.set(timestamp(event));
        byte[] body = event.body();
        if (text) {
            textValue.set(body, 0, body.length);
            writer.append(key, textValue);
        } else {
            bytes.set(body, 0, body.length);
            writer.append(key, bytes);
        }
    }

    private static long timestamp(Event event) {
        String ts = event.header("timestamp");
        if (ts != null) {
            try {
                return Long.parseLong(ts.trim());
            } catch (NumberFormatException ignored) {
                // not a number: fall back to the write time, as Flume does for a missing header
            }
        }
        return System.currentTimeMillis();
    }

    @Override
    public void flush() throws IOException {
        writer.sync();
        // Hadoop's writer.hflush() is only its stream's hflush: write the batch out, then hflush the file
        buffer.release();
        file.hflush();
    }

    @Override
    public void close() throws IOException {
        // the writer does not own the stream it was given: close both
        writer.sync();
        writer.close();
        buffer.release();
        file.close();
    }

    @Override
    public int currentReplication() {
        return StreamWriter.replication(file);
    }
}
