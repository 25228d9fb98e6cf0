package io.flafka.hdfs;

import io.flafka.api.Event;
import io.flafka.core.serialization.EventSerializer;
import java.io.IOException;
import java.io.OutputStream;
import java.util.Map;
import org.apache.hadoop.fs.FSDataOutputStream;
import org.apache.hadoop.hdfs.client.HdfsDataOutputStream;
import org.apache.hadoop.io.compress.CodecPool;
import org.apache.hadoop.io.compress.CompressionCodec;
import org.apache.hadoop.io.compress.CompressionOutputStream;
import org.apache.hadoop.io.compress.Compressor;

/**
 * {@code DataStream} and {@code CompressedStream}: the serializer's bytes, optionally through a
 * codec. With a codec, each flush finishes the compressed member (so everything committed can be
 * decompressed even if the file is never closed) and the next write starts a new one; readers see
 * one concatenated stream, as with Flume. The serializer writes into a {@link WriteBuffer}, so a batch
 * reaches the codec or Hadoop's stream in one write, at the flush.
 */
final class StreamWriter implements HdfsWriter {
    private final FSDataOutputStream file;
    private final CompressionOutputStream compressed;
    private final Compressor compressor;
    private final WriteBuffer buffer;
    private final EventSerializer serializer;
    // true after a flush finished the compressed member: the next byte written starts a new one
    private boolean memberFinished;

    StreamWriter(FSDataOutputStream file, CompressionCodec codec, EventSerializer.Factory format,
                 Map<String, String> options, BufferPool buffers) throws IOException {
        this.file = file;
        if (codec != null) {
            this.compressor = CodecPool.getCompressor(codec);
            this.compressed = codec.createOutputStream(file, compressor);
        } else {
            this.compressor = null;
            this.compressed = null;
        }
        this.buffer = new WriteBuffer(buffers, compressed != null ? new MemberStarter() : file);
        this.serializer = format.create(buffer, options);
        serializer.afterCreate();
    }

    @Override
    public void append(Event event) throws IOException {
        serializer.write(event);
    }

    @Override
    public void flush() throws IOException {
        serializer.flush();
        // the batch's bytes in one write; the array goes back to the pool until the next batch
        buffer.release();
        if (compressed != null && !memberFinished) {
            // a member with no bytes since the last flush is not finished twice (no empty members)
            compressed.finish();
            memberFinished = true;
        }
        file.hflush();
    }

    @Override
    public void close() throws IOException {
        try {
            serializer.beforeClose();
            flush();
            file.close();
        } finally {
            if (compressor != null) {
                CodecPool.returnCompressor(compressor);
            }
        }
    }

    @Override
    public int currentReplication() {
        return replication(file);
    }

    /** Starts a new compressed member before the first byte written after a flush. */
    private final class MemberStarter extends OutputStream {
        private void start() throws IOException {
            if (memberFinished) {
                compressed.resetState();
                memberFinished = false;
            }
        }

        @Override
        public void write(int b) throws IOException {
            start();
            compressed.write(b);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            if (len > 0) {
                start();
                compressed.write(b, off, len);
            }
        }

        @Override
        public void flush() throws IOException {
            if (!memberFinished) {
                compressed.flush();
            }
        }
    }

    static int replication(FSDataOutputStream out) {
        if (out instanceof HdfsDataOutputStream h) {
            try {
                return h.getCurrentBlockReplication();
            } catch (IOException e) {
                return -1;
            }
        }
        return -1;
    }
}
