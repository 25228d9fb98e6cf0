package io.flafka.channel.file;

import io.flafka.api.metrics.ChannelCounter;
import java.io.IOException;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes checkpoints and deletes the log segments they make unnecessary. Runs on the channel's
 * background thread, at start and at stop; one checkpoint at a time.
 */
final class Checkpointer {
    private static final Logger LOG = LoggerFactory.getLogger(Checkpointer.class);

    private final String name;
    private final FileChannelConfig.Settings settings;
    private final ChannelCounter counter;
    private final SegmentRegistry registry;
    private final LogWriter[] writers;
    private final PendingIndex index;
    private final AtomicLong sequence;
    private final ReentrantReadWriteLock checkpointLock;

    /**
     * @param checkpointLock held for reading by every commit from its log append to its index update; the
     *     write side gives a snapshot in which the index reflects exactly the log up to the positions
     */
    Checkpointer(String name, FileChannelConfig.Settings settings, ChannelCounter counter, SegmentRegistry registry,
                 LogWriter[] writers, PendingIndex index, AtomicLong sequence, ReentrantReadWriteLock checkpointLock) {
        this.name = name;
        this.settings = settings;
        this.counter = counter;
        this.registry = registry;
        this.writers = writers;
        this.index = index;
        this.sequence = sequence;
        this.checkpointLock = checkpointLock;
    }

    /**
     * Writes a checkpoint: a consistent snapshot of the pending pointers with the log positions it
     * reflects (taken while no commit is between its log append and its queue update), then deletes the
     * segments nobody needs any more.
     */
    void checkpoint() throws IOException {
        synchronized (this) {
            long[] positions = new long[writers.length];
            long[] pending;
            long seq;
            checkpointLock.writeLock().lock();
            try {
                for (int i = 0; i < writers.length; i++) {
                    positions[i] = writers[i].position();
                }
                pending = index.snapshot();
                seq = sequence.get();
            } finally {
                checkpointLock.writeLock().unlock();
            }
            // Every record the snapshot reflects must be on disk before the checkpoint names it.
            for (LogWriter w : writers) {
                w.syncAll();
            }
            Checkpoint cp = new Checkpoint(System.currentTimeMillis(), seq, positions, pending);
            cp.writeTo(settings.checkpointDir());
            if (settings.backupCheckpointDir() != null) {
                try {
                    cp.writeTo(settings.backupCheckpointDir());
                } catch (IOException e) {
                    counter.increment(FileChannel.CHECKPOINT_BACKUP_WRITE_ERROR);
                    LOG.warn("File channel '{}': backup checkpoint failed: {}", name, e.toString());
                }
            }
            deleteConsumedSegments(positions, pending);
        }
    }

    /**
     * Deletes, per data directory and oldest first, segments that hold no pending event, are not named by
     * the checkpoint just written and lie wholly before its position (so replay never needs their take
     * records). Stops at the first segment still needed, so a full replay never resurrects events.
     */
    private void deleteConsumedSegments(long[] positions, long[] pending) {
        Set<Integer> referenced = new HashSet<>();
        int last = Integer.MIN_VALUE;
        for (long p : pending) {
            int s = RecordFormat.segmentOf(p);
            if (s != last) {
                referenced.add(s);
                last = s;
            }
        }
        List<Segment> all = registry.all();
        all.sort((a, b) -> Integer.compare(a.id, b.id));
        boolean[] blocked = new boolean[writers.length];
        for (Segment s : all) {
            int d = s.dirIndex;
            if (d >= blocked.length || blocked[d]) {
                continue;
            }
            boolean deletable = s.id < RecordFormat.segmentOf(positions[d]) && !registry.isActive(s.id)
                    && s.pending.get() == 0 && !referenced.contains(s.id);
            if (deletable) {
                registry.delete(s);
            } else {
                blocked[d] = true;
            }
        }
        for (LogWriter w : writers) {
            FileChannels.fsyncDirectory(w.dir);
        }
    }

}
