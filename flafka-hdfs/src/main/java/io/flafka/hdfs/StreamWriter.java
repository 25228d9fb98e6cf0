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
 * one concatenated stream, as with Flume.
 */
final class StreamWriter implements HdfsWriter {
    private final FSDataOutputStream file;
    private final CompressionOutputStream compressed;
    private final Compressor compressor;
    private final EventSerializer serializer;
    private boolean memberFinished;

    StreamWriter(FSDataOutputStream file, CompressionCodec codec, EventSerializer.Factory format,
                 Map<String, String> options) throws IOException {
        this.file = file;
        if (codec != null) {
            this.compressor = CodecPool.getCompressor(codec);
            this.compressed = codec.createOutputStream(file, compressor);
        } else {
            this.compressor = null;
            this.compressed = null;
        }
        OutputStream target = compressed != null ? compressed : file;
        this.serializer = format.create(target, options);
        serializer.afterCreate();
    }

    @Override
    public void append(Event event) throws IOException {
        if (memberFinished) {
            compressed.resetState();
            memberFinished = false;
        }
        serializer.write(event);
    }

    @Override
    public void flush() throws IOException {
        serializer.flush();
        if (compressed != null && !memberFinished) {
            compressed.finish();
            memberFinished = true;
        }
        file.hflush();
    }

    @Override
    public void close() throws IOException {
        try {
            if (memberFinished) {
                compressed.resetState();
                memberFinished = false;
            }
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
