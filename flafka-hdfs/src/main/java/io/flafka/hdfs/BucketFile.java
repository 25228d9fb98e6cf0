package io.flafka.hdfs;

import io.flafka.api.Event;
import java.io.IOException;
import org.apache.hadoop.fs.Path;

/**
 * The open file of one bucket: its in-use and final names, its writer, and what the roll triggers
 * need (events, body bytes, open and last-write times). Used by the sink's runner thread only.
 */
final class BucketFile {
    final String bucket;
    final Path inUsePath;
    final Path finalPath;
    final HdfsWriter writer;
    final long openedAt;
    private long events;
    private long bytes;
    private long lastWriteAt;
    private boolean dirty;
    private boolean rollRequested;

    BucketFile(String bucket, Path inUsePath, Path finalPath, HdfsWriter writer, long openedAt) {
        this.bucket = bucket;
        this.inUsePath = inUsePath;
        this.finalPath = finalPath;
        this.writer = writer;
        this.openedAt = openedAt;
        this.lastWriteAt = openedAt;
    }

    void append(Event event, long now) throws IOException {
        writer.append(event);
        events++;
        bytes += event.body().length;
        lastWriteAt = now;
        dirty = true;
    }

    /** hflushes what was appended since the last flush. */
    void flush() throws IOException {
        if (dirty) {
            writer.flush();
            dirty = false;
        }
    }

    boolean dirty() {
        return dirty;
    }

    long events() {
        return events;
    }

    long bytes() {
        return bytes;
    }

    long lastWriteAt() {
        return lastWriteAt;
    }

    void requestRoll() {
        rollRequested = true;
    }

    boolean rollRequested() {
        return rollRequested;
    }

    @Override
    public String toString() {
        return inUsePath.toString();
    }
}
