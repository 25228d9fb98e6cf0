package io.flafka.channel.file;

import io.flafka.api.metrics.ChannelCounter;

/** Counts fsyncs and their total time into the channel's counters. Thread-safe. */
final class FsyncStats {
    static final String FSYNC_COUNT = "FsyncCount";
    static final String FSYNC_TIME_MILLIS = "FsyncTimeMillis";

    private final ChannelCounter counter;
    private final java.util.concurrent.atomic.AtomicLong nanos = new java.util.concurrent.atomic.AtomicLong();

    FsyncStats(ChannelCounter counter) {
        this.counter = counter;
        counter.counter(FSYNC_COUNT);
        counter.counter(FSYNC_TIME_MILLIS);
    }

    void recordFsync(long elapsedNanos) {
        counter.increment(FSYNC_COUNT);
        long before = nanos.getAndAdd(elapsedNanos);
        long ms = (before + elapsedNanos) / 1_000_000 - before / 1_000_000;
        if (ms > 0) {
            counter.add(FSYNC_TIME_MILLIS, ms);
        }
    }
}
