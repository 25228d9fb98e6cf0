package io.flafka.hdfs;

import io.flafka.api.Event;
import java.io.IOException;

/**
 * Writes events into one open file in one format (SequenceFile, DataStream, CompressedStream).
 * Used by one thread at a time (the runner thread, or a pool thread the runner waits for).
 */
interface HdfsWriter {

    /** Writes one event (buffered). */
    void append(Event event) throws IOException;

    /**
     * Makes everything appended so far durable to readers: pushes the format's buffers and calls
     * {@code hflush} on the file. After it returns, a batch's take may commit.
     */
    void flush() throws IOException;

    /** Writes the format's footer, flushes and closes the file. */
    void close() throws IOException;

    /** Replicas of the file's current block (HDFS), or -1 when unknown. */
    int currentReplication();
}
