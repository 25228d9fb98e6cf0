package io.flafka.channel.file;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.IntSupplier;

/**
 * Appends records to the active segment of one data directory and makes them durable with group
 * commit: a committer that needs its bytes on disk becomes the leader if no fsync is running, forces
 * everything appended so far, and wakes every follower whose bytes that fsync covered. Concurrent
 * transactions therefore share one {@code force(false)}.
 *
 * <p>Threading: any transaction thread calls {@link #append} and {@link #awaitDurable}; the
 * checkpointer calls {@link #syncAll}. Positions are "logical": bytes appended since the writer opened,
 * across segment rolls (a roll forces the old segment first).
 */
final class LogWriter {
    /** Where a record landed; a put record's {@link PublishOrder} ticket (-1 for others). */
    record Appended(int segmentId, int offset, long logicalEnd, long ticket) {
    }

    final int dirIndex;
    final Path dir;
    private final long maxFileSize;
    private final IntSupplier nextSegmentId;
    private final SegmentRegistry registry;
    private final FsyncStats stats;
    private final PublishOrder publishOrder;

    private final ReentrantLock appendLock = new ReentrantLock();
    private Segment active;
    private long segmentPosition;
    private long appended;

    private final ReentrantLock syncLock = new ReentrantLock();
    private final Condition syncDone = syncLock.newCondition();
    private long synced;
    private boolean syncing;

    LogWriter(int dirIndex, Path dir, long maxFileSize, IntSupplier nextSegmentId, SegmentRegistry registry,
              FsyncStats stats, PublishOrder publishOrder) throws IOException {
        this.dirIndex = dirIndex;
        this.dir = dir;
        this.maxFileSize = maxFileSize;
        this.nextSegmentId = nextSegmentId;
        this.registry = registry;
        this.stats = stats;
        this.publishOrder = publishOrder;
        openNewSegment();
        // The new segment's header is made durable at once, with the directory entry.
        active.file.force(true);
        FileChannels.fsyncDirectory(dir);
    }

    private void openNewSegment() throws IOException {
        Segment s = Segment.create(nextSegmentId.getAsInt(), dirIndex, dir);
        registry.add(s);
        active = s;
        segmentPosition = RecordFormat.SEGMENT_HEADER;
    }

    /**
     * Appends one encoded record; it is in the OS page cache when this returns. A put record also gets
     * its publication ticket, in log order.
     */
    Appended append(ByteBuffer record, boolean put) throws IOException {
        int len = record.remaining();
        appendLock.lock();
        try {
            if (segmentPosition + len > maxFileSize && segmentPosition > RecordFormat.SEGMENT_HEADER) {
                roll();
            }
            if (segmentPosition + len > Integer.MAX_VALUE) {
                throw new IOException("a record of " + len + " bytes does not fit in a log segment");
            }
            int offset = (int) segmentPosition;
            long pos = segmentPosition;
            FileChannel f = active.file;
            while (record.hasRemaining()) {
                pos += f.write(record, pos);
            }
            segmentPosition = pos;
            appended += len;
            return new Appended(active.id, offset, appended, put ? publishOrder.issue() : -1);
        } finally {
            appendLock.unlock();
        }
    }

    /** Closes the active segment for writing (forcing it) and starts the next. Called under appendLock. */
    private void roll() throws IOException {
        Segment old = active;
        long t0 = System.nanoTime();
        old.file.force(false);
        stats.recordFsync(System.nanoTime() - t0);
        openNewSegment();
        active.file.force(true);
        FileChannels.fsyncDirectory(dir);
        registry.sealed(old);
    }

    /** Blocks until every byte up to {@code logicalEnd} is on disk; leads an fsync when none is running. */
    void awaitDurable(long logicalEnd) throws IOException {
        syncLock.lock();
        try {
            while (synced < logicalEnd) {
                if (syncing) {
                    syncDone.awaitUninterruptibly();
                    continue;
                }
                syncing = true;
                syncLock.unlock();
                long target;
                boolean ok = false;
                try {
                    target = forceNow();
                    ok = true;
                } finally {
                    syncLock.lock();
                    syncing = false;
                    syncDone.signalAll();
                }
                if (ok && target > synced) {
                    synced = target;
                }
            }
        } finally {
            syncLock.unlock();
        }
    }

    /** Forces everything appended so far; returns the logical position now durable. */
    private long forceNow() throws IOException {
        long target;
        FileChannel f;
        appendLock.lock();
        try {
            target = appended;
            f = active.file;
        } finally {
            appendLock.unlock();
        }
        long t0 = System.nanoTime();
        f.force(false);
        stats.recordFsync(System.nanoTime() - t0);
        return target;
    }

    /** Makes everything appended so far durable (background fsync, checkpoints, close). */
    void syncAll() throws IOException {
        long end;
        appendLock.lock();
        try {
            end = appended;
        } finally {
            appendLock.unlock();
        }
        awaitDurable(end);
    }

    /** The id and byte offset the next record will get (for checkpoints). */
    long position() {
        appendLock.lock();
        try {
            return RecordFormat.pointer(active.id, (int) segmentPosition);
        } finally {
            appendLock.unlock();
        }
    }

    int activeSegmentId() {
        appendLock.lock();
        try {
            return active.id;
        } finally {
            appendLock.unlock();
        }
    }
}
