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
 * commit: the writer's sync thread forces everything appended so far whenever a committer waits, and
 * wakes every committer whose bytes that fsync covered. Concurrent transactions therefore share one
 * {@code force(false)}, and when more records were appended during an fsync the next one starts at
 * once, on the same thread (handing the fsync over to a waiting committer cost about half a
 * millisecond of idle disk per fsync on two busy cores).
 *
 * <p>Threading: any transaction thread calls {@link #append} and {@link #awaitDurable}; the
 * checkpointer calls {@link #syncAll}; only the sync thread ({@code file-channel-<name>-sync-<dir>})
 * forces, so an interrupted committer never interrupts an fsync. {@link #close()} stops it. Positions
 * are "logical": bytes appended since the writer opened, across segment rolls (a roll forces the old
 * segment first).
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
    private final Condition syncWanted = syncLock.newCondition();
    private long synced;
    /** The highest position a committer waits for. */
    private long requested;
    /** The last fsync failed: waiters up to this position get {@link #failure}. */
    private long failedUpTo = -1;
    private IOException failure;
    private boolean closed;
    private final Thread syncer;

    LogWriter(String channelName, int dirIndex, Path dir, long maxFileSize, IntSupplier nextSegmentId,
              SegmentRegistry registry, FsyncStats stats, PublishOrder publishOrder) throws IOException {
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
        syncer = new Thread(this::syncLoop, "file-channel-" + channelName + "-sync-" + dirIndex);
        syncer.setDaemon(true);
        syncer.start();
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

    /**
     * Blocks until every byte up to {@code logicalEnd} is on disk.
     *
     * @throws IOException when the fsync that should have covered them failed, or the writer closed
     */
    void awaitDurable(long logicalEnd) throws IOException {
        syncLock.lock();
        try {
            if (logicalEnd > requested) {
                requested = logicalEnd;
                syncWanted.signal();
            }
            while (synced < logicalEnd) {
                if (failure != null && failedUpTo >= logicalEnd) {
                    throw new IOException("fsync of " + dir + " failed: " + failure.getMessage(), failure);
                }
                if (closed) {
                    throw new IOException("the log of " + dir + " was closed before the record was on disk");
                }
                syncDone.awaitUninterruptibly();
            }
        } finally {
            syncLock.unlock();
        }
    }

    /** The sync thread: forces while a committer waits for bytes not yet on disk. */
    private void syncLoop() {
        while (true) {
            syncLock.lock();
            try {
                // after a failure, only a new request (a later commit) tries again: no spinning on a bad disk
                while (!closed && requested <= Math.max(synced, failedUpTo)) {
                    syncWanted.awaitUninterruptibly();
                }
                if (closed) {
                    syncDone.signalAll();
                    return;
                }
            } finally {
                syncLock.unlock();
            }
            long target = 0;
            IOException error = null;
            try {
                target = forceNow();
            } catch (IOException e) {
                error = e;
            } catch (RuntimeException e) {
                error = new IOException(e.toString(), e);
            }
            syncLock.lock();
            try {
                if (error == null) {
                    synced = Math.max(synced, target);
                    failure = null;
                } else {
                    failure = error;
                    failedUpTo = requested;   // every committer waiting now hears of it
                }
                syncDone.signalAll();
            } finally {
                syncLock.unlock();
            }
        }
    }

    /** Stops the sync thread; committers still waiting get an IOException. */
    void close() {
        syncLock.lock();
        try {
            closed = true;
            syncWanted.signal();
            syncDone.signalAll();
        } finally {
            syncLock.unlock();
        }
        try {
            syncer.join(10_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
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
