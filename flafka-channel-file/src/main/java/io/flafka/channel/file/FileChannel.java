package io.flafka.channel.file;

import io.flafka.api.Channel;
import io.flafka.api.ChannelException;
import io.flafka.api.ChannelFullException;
import io.flafka.api.ComponentContext;
import io.flafka.api.Event;
import io.flafka.api.Transaction;
import io.flafka.api.metrics.ChannelCounter;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.zip.CRC32C;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A durable channel: every committed put is in an append-only write-ahead log before the commit returns
 * (with {@code fsyncPerTransaction}, on disk; concurrent commits share one fsync), and survives any
 * process death. See the package documentation for the design and the exact promise.
 *
 * <p>Threading: {@link #begin()} and the transactions are used by any number of source and sink threads.
 * {@link #start()} recovers the state on the lifecycle thread and starts one background thread that
 * writes checkpoints (and, without {@code fsyncPerTransaction}, fsyncs the log every
 * {@code fsyncInterval}). {@link #stop()} stops that thread, writes a final checkpoint when
 * {@code checkpointOnClose} and releases the files; a put commit waiting for room keeps waiting until its
 * keep-alive ends.
 */
public final class FileChannel implements Channel {
    private static final Logger LOG = LoggerFactory.getLogger(FileChannel.class);

    /** Checkpoints that failed to be written (Flume's counter). */
    public static final String CHECKPOINT_WRITE_ERROR = "CheckpointWriteErrorCount";
    public static final String CHECKPOINT_BACKUP_WRITE_ERROR = "CheckpointBackupWriteErrorCount";
    public static final String PUT_ERROR = "EventPutErrorCount";
    public static final String TAKE_ERROR = "EventTakeErrorCount";
    /** 1 while the log cannot be written (Flume's gauge). */
    public static final String UNHEALTHY = "Unhealthy";
    public static final String OPEN = "Open";
    public static final String FSYNC_COUNT = FsyncStats.FSYNC_COUNT;
    public static final String FSYNC_TIME_MILLIS = FsyncStats.FSYNC_TIME_MILLIS;
    /** Damaged stretches of log skipped by recovery since start. */
    public static final String RECOVERY_DAMAGED_RECORDS = "RecoveryDamagedRecordCount";
    /** Events recovery could not bring back (damaged records and missing segments are counted by bytes/records). */
    public static final String RECOVERY_DROPPED_EVENTS = "RecoveryDroppedEventCount";

    private final String name;
    private final FileChannelConfig.Settings settings;
    private final ChannelCounter counter;
    private final AtomicLong sizeGauge;
    private final FsyncStats fsyncStats;

    private final ReentrantReadWriteLock checkpointLock = new ReentrantReadWriteLock();
    private volatile PendingIndex index;

    private final List<DirLock> locks = new ArrayList<>();
    private SegmentRegistry registry;
    private LogWriter[] writers;
    private final AtomicInteger nextSegmentId = new AtomicInteger();
    private final AtomicLong sequence = new AtomicLong();
    private final AtomicInteger writerCursor = new AtomicInteger();
    /** Put record buffers of completed transactions, reused by the next ones. */
    private final ConcurrentLinkedQueue<RecordBuffer> recordPool = new ConcurrentLinkedQueue<>();
    private static final int RECORD_POOL = 4;
    private final PublishOrder publishOrder = new PublishOrder();
    private ScheduledExecutorService background;
    private Checkpointer checkpointer;
    private volatile RecoveryReport recoveryReport;
    private volatile boolean running;
    private volatile long lastSpaceCheckNanos;
    private volatile String spaceProblem;

    public FileChannel(String name, FileChannelConfig.Settings settings, ChannelCounter counter) {
        this.name = name;
        this.settings = settings;
        this.counter = counter;
        this.sizeGauge = counter.gauge(ChannelCounter.CHANNEL_SIZE);
        this.fsyncStats = new FsyncStats(counter);
        for (String c : new String[] {CHECKPOINT_WRITE_ERROR, PUT_ERROR, TAKE_ERROR, RECOVERY_DAMAGED_RECORDS,
                RECOVERY_DROPPED_EVENTS}) {
            counter.counter(c);
        }
        if (settings.backupCheckpointDir() != null) {
            counter.counter(CHECKPOINT_BACKUP_WRITE_ERROR);
        }
        counter.gauge(UNHEALTHY);
        counter.gauge(OPEN);
    }

    /** Creates a channel from a component context (the provider's path). */
    public static FileChannel create(ComponentContext context) {
        ChannelCounter counter = context.counters() instanceof ChannelCounter c ? c : new ChannelCounter(context.name());
        if (context.config().raw().keySet().stream().anyMatch(k -> k.startsWith("encryption."))) {
            LOG.warn("File channel '{}': encryption.* keys are set but {}", context.qualifiedName(),
                    FileChannelConfig.NO_ENCRYPTION);
        }
        return new FileChannel(context.name(),
                FileChannelConfig.Settings.from(context.config(), context.qualifiedName() + "."), counter);
    }

    @Override
    public synchronized void start() throws IOException {
        if (running) {
            return;
        }
        try {
            locks.add(DirLock.acquire(settings.checkpointDir(), name, "checkpoint"));
            if (settings.backupCheckpointDir() != null) {
                locks.add(DirLock.acquire(settings.backupCheckpointDir(), name, "backup checkpoint"));
            }
            for (Path d : settings.dataDirs()) {
                locks.add(DirLock.acquire(d, name, "data"));
            }
            Recovery.State state = new Recovery(name, settings.checkpointDir(), settings.backupCheckpointDir(),
                    settings.dataDirs(), false).run();
            open(state);
        } catch (IOException | RuntimeException e) {
            if (background != null) {
                background.shutdownNow();
            }
            releaseFiles();
            throw e;
        }
    }

    private void open(Recovery.State state) throws IOException {
        RecoveryReport report = state.report();
        registry = new SegmentRegistry();
        for (int d = 0; d < state.segments().size(); d++) {
            for (Path f : state.segments().get(d)) {
                registry.addSealed(Segment.open(RecordFormat.segmentIdOf(f.getFileName().toString()), d, f));
            }
        }
        long[] pending = state.pending();
        int run = 0;
        int runSegment = 0;
        for (long p : pending) {
            int seg = RecordFormat.segmentOf(p);
            if (run > 0 && seg != runSegment) {
                registry.get(runSegment).pending.addAndGet(run);
                run = 0;
            }
            runSegment = seg;
            run++;
        }
        if (run > 0) {
            registry.get(runSegment).pending.addAndGet(run);
        }
        index = new PendingIndex(name, settings, sizeGauge, pending);
        sequence.set(state.nextSequence());
        nextSegmentId.set(state.nextSegmentId());
        writers = new LogWriter[settings.dataDirs().size()];
        for (int d = 0; d < writers.length; d++) {
            writers[d] = new LogWriter(name, d, settings.dataDirs().get(d), settings.maxFileSize(),
                    nextSegmentId::getAndIncrement, registry, fsyncStats, publishOrder);
        }
        checkpointer = new Checkpointer(name, settings, counter, registry, writers, index, sequence,
                checkpointLock);
        recoveryReport = report;
        counter.add(RECOVERY_DAMAGED_RECORDS, report.damagedRecords);
        counter.add(RECOVERY_DROPPED_EVENTS, report.droppedEvents);
        if (pending.length > settings.capacity()) {
            LOG.warn("File channel '{}' recovered {} events, more than its capacity {}: puts wait until sinks drain it",
                    name, pending.length, settings.capacity());
        }
        counter.gauge(ChannelCounter.CHANNEL_CAPACITY).set(settings.capacity());
        LOG.info("File channel '{}' started: {} events pending ({})", name, pending.length, report);
        if ("none".equals(report.checkpoint)) {
            // A crash before the first periodic checkpoint must still find one.
            checkpoint();
        }
        background = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "file-channel-" + name + "-checkpoint");
            t.setDaemon(true);
            return t;
        });
        if (report.replayedRecords > 0 || !report.clean()) {
            // Record the recovered state soon, so the next start does not replay (or re-report) the same
            // log; in the background, so the channel is ready at once.
            background.execute(this::checkpointQuietly);
        }
        long interval = settings.checkpointIntervalMillis();
        background.scheduleWithFixedDelay(this::checkpointQuietly, interval, interval, TimeUnit.MILLISECONDS);
        if (!settings.fsyncPerTransaction() || !settings.fsyncOnTake()) {
            long f = settings.fsyncIntervalSeconds();
            background.scheduleWithFixedDelay(this::syncQuietly, f, f, TimeUnit.SECONDS);
        }
        counter.gauge(OPEN).set(1);
        running = true;
    }

    @Override
    public synchronized void stop() {
        if (!running) {
            return;
        }
        running = false;
        background.shutdown();
        try {
            if (!background.awaitTermination(30, TimeUnit.SECONDS)) {
                LOG.warn("File channel '{}': background checkpoint did not finish in 30 s", name);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        try {
            if (settings.checkpointOnClose()) {
                checkpoint();
            } else {
                for (LogWriter w : writers) {
                    w.syncAll();
                }
            }
        } catch (IOException | RuntimeException e) {
            LOG.warn("File channel '{}': final checkpoint failed ({}); the next start replays the log", name,
                    e.toString());
        }
        releaseFiles();
        counter.gauge(OPEN).set(0);
        LOG.info("File channel '{}' stopped with {} events pending", name, index.visible());
    }

    /**
     * Simulates the death of the process for tests: drops every file handle and lock without syncing or
     * checkpointing. What was written stays in the OS page cache, exactly as after {@code kill -9}.
     */
    synchronized void abandon() {
        running = false;
        if (background != null) {
            background.shutdownNow();
            // a checkpoint already running would otherwise race the next instance's on the same directories
            // (a dead process writes nothing more): it finishes first, as if the process died right after it
            try {
                background.awaitTermination(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        releaseFiles();
        counter.gauge(OPEN).set(0);
    }

    private void releaseFiles() {
        if (writers != null) {
            for (LogWriter w : writers) {
                if (w != null) {
                    w.close();
                }
            }
        }
        if (registry != null) {
            registry.closeAll();
        }
        for (DirLock l : locks) {
            l.close();
        }
        locks.clear();
        if (index != null) {
            index.clear();
        }
    }

    @Override
    public Transaction begin() {
        if (!running) {
            throw new ChannelException("File channel '" + name + "' is not running");
        }
        return new FileTransaction(this);
    }

    @Override
    public long size() {
        PendingIndex i = index;
        return i == null ? 0 : i.visible();
    }

    @Override
    public long capacity() {
        return settings.capacity();
    }

    /** What the last start recovered and dropped. */
    public RecoveryReport recoveryReport() {
        return recoveryReport;
    }

    String name() {
        return name;
    }

    int transactionCapacity() {
        return settings.transactionCapacity();
    }

    /** The channel's counters. */
    public ChannelCounter counter() {
        return counter;
    }

    int visibleHint() {
        return index.visible();
    }

    private LogWriter nextWriter() {
        LogWriter[] w = writers;
        return w.length == 1 ? w[0] : w[Math.floorMod(writerCursor.getAndIncrement(), w.length)];
    }

    // ---------------------------------------------------------------- puts

    /** A put record buffer for a new put transaction (pooled: a batch's record is large). */
    RecordBuffer borrowRecord() {
        RecordBuffer b = recordPool.poll();
        return b != null ? b : new RecordBuffer();
    }

    /** Takes back a put transaction's record buffer. */
    void returnRecord(RecordBuffer b) {
        b.trim();
        if (recordPool.size() < RECORD_POOL) {
            recordPool.offer(b);
        }
    }

    /** Logs and publishes a put transaction (its record is encoded already); see {@link Transaction#commit()}. */
    void commitPuts(FileTransaction tx) {
        int n = tx.count();
        PendingIndex index = this.index;
        index.reserve(n);
        boolean published = false;
        try {
            checkSpace(n);
            ByteBuffer record = tx.record.finishPut(sequence.getAndIncrement(), n);
            LogWriter w = nextWriter();
            checkpointLock.readLock().lock();
            try {
                LogWriter.Appended a;
                try {
                    a = w.append(record, true);
                } catch (IOException e) {
                    throw writeFailed("put", n, w, e);
                }
                try {
                    tx.appended();   // the caller may start its next commit while this one waits for the disk
                    if (settings.fsyncPerTransaction()) {
                        w.awaitDurable(a.logicalEnd());
                    }
                } catch (IOException e) {
                    publishOrder.inTurn(a.ticket(), null);   // later commits must not wait for this one
                    throw writeFailed("put", n, w, e);
                } catch (RuntimeException e) {
                    publishOrder.inTurn(a.ticket(), null);
                    throw e;
                }
                healthy();
                registry.get(a.segmentId()).pending.addAndGet(n);
                publishOrder.inTurn(a.ticket(),
                        () -> index.publish(a.segmentId(), a.offset(), tx.events, tx.offsets, tx.sizes, n));
                published = true;
            } finally {
                checkpointLock.readLock().unlock();
            }
        } finally {
            if (!published) {
                index.release(n);
            }
        }
    }

    /** Refuses puts while a data directory has less than minimumRequiredSpace free (checked at most every 100 ms). */
    private void checkSpace(int n) {
        long min = settings.minimumRequiredSpace();
        if (min <= 0) {
            return;
        }
        long now = System.nanoTime();
        if (now - lastSpaceCheckNanos > 100_000_000L) {
            String problem = null;
            for (Path d : settings.dataDirs()) {
                long free = d.toFile().getUsableSpace();
                if (free < min) {
                    problem = "data directory " + d + " has " + free + " bytes free, less than minimumRequiredSpace ("
                            + min + ")";
                    break;
                }
            }
            spaceProblem = problem;
            lastSpaceCheckNanos = now;
        }
        String p = spaceProblem;
        if (p != null) {
            throw new ChannelFullException("File channel '" + name + "' refuses a commit of " + n + " events: " + p
                    + ". Free disk space or lower minimumRequiredSpace; the source should retry later");
        }
    }

    // ---------------------------------------------------------------- takes

    /** Moves up to {@code max} pending events into a take transaction; returns the count. */
    int takeInto(FileTransaction tx, int max) {
        return index.takeInto(tx, max);
    }

    /** Reads an uncached event back from its segment; null (counted and logged) when it is unreadable. */
    Event read(long pointer, CRC32C crc) {
        Segment s = registry.get(RecordFormat.segmentOf(pointer));
        try {
            if (s == null) {
                throw new IOException("its segment is gone");
            }
            return s.readEvent(RecordFormat.offsetOf(pointer), crc);
        } catch (IOException e) {
            counter.increment(TAKE_ERROR);
            LOG.warn("File channel '{}': the event at {} of {} is unreadable ({}); it is skipped and removed when "
                    + "the take commits", name, RecordFormat.describe(pointer), s, e.getMessage());
            return null;
        }
    }

    /** Logs a take transaction and frees its events' room. */
    void commitTakes(FileTransaction tx) {
        int n = tx.count();
        RecordBuffer buf = RecordBuffer.get();
        ByteBuffer record = buf.encodeTake(sequence.getAndIncrement(), tx.pointers, n);
        LogWriter w = nextWriter();
        checkpointLock.readLock().lock();
        try {
            try {
                LogWriter.Appended a = w.append(record, false);
                // A take that is not yet durable can only be redelivered after a power loss, never lost.
                if (settings.fsyncPerTransaction() && settings.fsyncOnTake()) {
                    w.awaitDurable(a.logicalEnd());
                }
            } catch (IOException e) {
                throw writeFailed("take", n, w, e);
            } finally {
                buf.trim();
            }
            healthy();
            int run = 0;
            int runSegment = 0;
            for (int i = 0; i < n; i++) {
                int seg = RecordFormat.segmentOf(tx.pointers[i]);
                if (run > 0 && seg != runSegment) {
                    decrementPending(runSegment, run);
                    run = 0;
                }
                runSegment = seg;
                run++;
            }
            if (run > 0) {
                decrementPending(runSegment, run);
            }
            index.completeTakes(tx);
        } finally {
            checkpointLock.readLock().unlock();
        }
    }

    private void decrementPending(int segmentId, int n) {
        Segment s = registry.get(segmentId);
        if (s != null) {
            s.pending.addAndGet(-n);
        }
    }

    /** Returns a transaction's taken events to the head of the queue, in order. */
    void returnTakes(FileTransaction tx) {
        index.returnTakes(tx);
    }

    private ChannelException writeFailed(String what, int n, LogWriter w, IOException e) {
        counter.increment(what.equals("put") ? PUT_ERROR : TAKE_ERROR);
        counter.gauge(UNHEALTHY).set(1);
        LOG.warn("File channel '{}': writing a {} of {} events to {} failed: {}", name, what, n, w.dir, e.toString());
        return new ChannelException("File channel '" + name + "': could not write a " + what + " of " + n
                + " events to the log in " + w.dir + ": " + e.getMessage(), e);
    }

    private void healthy() {
        AtomicLong g = counter.gauge(UNHEALTHY);
        if (g.get() != 0) {
            g.set(0);
        }
    }

    // ---------------------------------------------------------------- checkpoints

    private void checkpointQuietly() {
        try {
            checkpoint();
        } catch (IOException | RuntimeException e) {
            counter.increment(CHECKPOINT_WRITE_ERROR);
            LOG.warn("File channel '{}': checkpoint failed: {}", name, e.toString());
        }
    }

    private void syncQuietly() {
        for (LogWriter w : writers) {
            try {
                w.syncAll();
            } catch (IOException | RuntimeException e) {
                counter.gauge(UNHEALTHY).set(1);
                LOG.warn("File channel '{}': background fsync of {} failed: {}", name, w.dir, e.toString());
            }
        }
    }

    /** Writes a checkpoint now and deletes the segments nobody needs any more. */
    void checkpoint() throws IOException {
        checkpointer.checkpoint();
    }

    @Override
    public String toString() {
        return "FileChannel{" + name + ", checkpointDir=" + settings.checkpointDir() + ", dataDirs="
                + settings.dataDirs() + "}";
    }
}
