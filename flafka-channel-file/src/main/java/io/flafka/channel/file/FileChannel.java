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
import java.util.Collections;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
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
    private final long keepAliveNanos;

    private final ReentrantReadWriteLock checkpointLock = new ReentrantReadWriteLock();
    private final ReentrantLock queueLock = new ReentrantLock();
    private final Condition notFull = queueLock.newCondition();
    private PendingQueue queue;
    /** Events pending, including those taken by open transactions. Guarded by queueLock. */
    private long used;
    /** Bytes of events held in the cache. Guarded by queueLock. */
    private long cachedBytes;
    /** Take transactions holding events. Guarded by queueLock. */
    private final Set<FileTransaction> takers = Collections.newSetFromMap(new IdentityHashMap<>());
    private volatile int visible;

    private final List<DirLock> locks = new ArrayList<>();
    private SegmentRegistry registry;
    private LogWriter[] writers;
    private final AtomicInteger nextSegmentId = new AtomicInteger();
    private final AtomicLong sequence = new AtomicLong();
    private final AtomicInteger writerCursor = new AtomicInteger();
    private ScheduledExecutorService background;
    private final Object checkpointMonitor = new Object();
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
        this.keepAliveNanos = TimeUnit.SECONDS.toNanos(settings.keepAliveSeconds());
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
        queue = new PendingQueue(Math.min(settings.capacity(), Math.max(pending.length, 1024)));
        int run = 0;
        int runSegment = 0;
        for (long p : pending) {
            queue.addLast(p, null, 0);
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
        used = pending.length;
        visible = pending.length;
        sizeGauge.set(pending.length);
        sequence.set(state.nextSequence());
        nextSegmentId.set(state.nextSegmentId());
        writers = new LogWriter[settings.dataDirs().size()];
        for (int d = 0; d < writers.length; d++) {
            writers[d] = new LogWriter(d, settings.dataDirs().get(d), settings.maxFileSize(),
                    nextSegmentId::getAndIncrement, registry, fsyncStats);
        }
        recoveryReport = report;
        counter.add(RECOVERY_DAMAGED_RECORDS, report.damagedRecords);
        counter.add(RECOVERY_DROPPED_EVENTS, report.droppedEvents);
        if (pending.length > settings.capacity()) {
            LOG.warn("File channel '{}' recovered {} events, more than its capacity {}: puts wait until sinks drain it",
                    name, pending.length, settings.capacity());
        }
        counter.gauge(ChannelCounter.CHANNEL_CAPACITY).set(settings.capacity());
        counter.gauge(OPEN).set(1);
        running = true;
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
        LOG.info("File channel '{}' stopped with {} events pending", name, visible);
    }

    /**
     * Simulates the death of the process for tests: drops every file handle and lock without syncing or
     * checkpointing. What was written stays in the OS page cache, exactly as after {@code kill -9}.
     */
    synchronized void abandon() {
        running = false;
        if (background != null) {
            background.shutdownNow();
        }
        releaseFiles();
        counter.gauge(OPEN).set(0);
    }

    private void releaseFiles() {
        if (registry != null) {
            registry.closeAll();
        }
        for (DirLock l : locks) {
            l.close();
        }
        locks.clear();
        queueLock.lock();
        try {
            if (queue != null) {
                queue.clear();
            }
            cachedBytes = 0;
        } finally {
            queueLock.unlock();
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
        return visible;
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
        return visible;
    }

    private LogWriter nextWriter() {
        LogWriter[] w = writers;
        return w.length == 1 ? w[0] : w[Math.floorMod(writerCursor.getAndIncrement(), w.length)];
    }

    // ---------------------------------------------------------------- puts

    /** Logs and publishes a put transaction; see {@link Transaction#commit()}. */
    void commitPuts(Event[] events, int n) {
        reserve(n);
        boolean published = false;
        try {
            checkSpace(n);
            RecordBuffer buf = RecordBuffer.get();
            int[] offsets = new int[n];
            int[] sizes = new int[n];
            ByteBuffer record;
            try {
                record = buf.encodePut(sequence.getAndIncrement(), events, n, offsets, sizes);
            } catch (IllegalArgumentException e) {
                throw new ChannelException("File channel '" + name + "': a batch of " + n
                        + " events is too large for one log record (2 GB); lower the batch size", e);
            }
            LogWriter w = nextWriter();
            checkpointLock.readLock().lock();
            try {
                LogWriter.Appended a;
                try {
                    a = w.append(record);
                    if (settings.fsyncPerTransaction()) {
                        w.awaitDurable(a.logicalEnd());
                    }
                } catch (IOException e) {
                    throw writeFailed("put", n, w, e);
                } finally {
                    buf.trim();
                }
                healthy();
                Segment seg = registry.get(a.segmentId());
                seg.pending.addAndGet(n);
                publish(events, n, a, offsets, sizes);
                published = true;
            } finally {
                checkpointLock.readLock().unlock();
            }
        } finally {
            if (!published) {
                release(n);
            }
        }
    }

    private void publish(Event[] events, int n, LogWriter.Appended a, int[] offsets, int[] sizes) {
        long batchBytes = 0;
        for (int i = 0; i < n; i++) {
            batchBytes += sizes[i];
        }
        queueLock.lock();
        try {
            boolean cache = cachedBytes + batchBytes <= settings.cacheBytes();
            if (cache) {
                cachedBytes += batchBytes;
            }
            for (int i = 0; i < n; i++) {
                long p = RecordFormat.pointer(a.segmentId(), a.offset() + offsets[i]);
                queue.addLast(p, cache ? events[i] : null, cache ? sizes[i] : 0);
            }
            int v = queue.size();
            visible = v;
            sizeGauge.set(v);
        } finally {
            queueLock.unlock();
        }
    }

    /** Waits up to keep-alive for room for {@code n} more events. */
    private void reserve(int n) {
        queueLock.lock();
        try {
            long nanos = keepAliveNanos;
            while (used + n > settings.capacity()) {
                if (nanos <= 0) {
                    throw new ChannelFullException("File channel '" + name + "' is full: no room for a commit of "
                            + n + " events after waiting " + keepAliveNanos / 1_000_000 + " ms; " + used + " of "
                            + settings.capacity() + " events are in use (capacity). Sinks are not keeping up: add "
                            + "sinks, raise capacity, or let the source retry");
                }
                try {
                    nanos = notFull.awaitNanos(nanos);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new ChannelException("File channel '" + name + "': interrupted while waiting for room", e);
                }
            }
            used += n;
        } finally {
            queueLock.unlock();
        }
    }

    private void release(int n) {
        queueLock.lock();
        try {
            used -= n;
            notFull.signalAll();
        } finally {
            queueLock.unlock();
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

    /**
     * Moves up to {@code max} pending entries into the transaction's arrays (under the queue lock, so a
     * checkpoint sees them as pending); returns the count.
     */
    int takeInto(FileTransaction tx, int max) {
        queueLock.lock();
        try {
            int n = Math.min(max, queue.size());
            if (n == 0) {
                return 0;
            }
            tx.ensureCapacity(tx.count + n);
            int got = queue.pollFirst(n, tx.pointers, tx.events, tx.sizes, tx.count);
            tx.count += got;
            takers.add(tx);
            int v = queue.size();
            visible = v;
            sizeGauge.set(v);
            return got;
        } finally {
            queueLock.unlock();
        }
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
        int n = tx.count;
        RecordBuffer buf = RecordBuffer.get();
        ByteBuffer record = buf.encodeTake(sequence.getAndIncrement(), tx.pointers, n);
        LogWriter w = nextWriter();
        checkpointLock.readLock().lock();
        try {
            try {
                LogWriter.Appended a = w.append(record);
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
            long freed = 0;
            int run = 0;
            int runSegment = 0;
            for (int i = 0; i < n; i++) {
                freed += tx.sizes[i];
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
            queueLock.lock();
            try {
                takers.remove(tx);
                used -= n;
                cachedBytes -= freed;
                notFull.signalAll();
            } finally {
                queueLock.unlock();
            }
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
        queueLock.lock();
        try {
            takers.remove(tx);
            if (tx.count > 0 && queue != null) {
                queue.addFirst(tx.pointers, tx.events, tx.sizes, tx.count);
                int v = queue.size();
                visible = v;
                sizeGauge.set(v);
            }
        } finally {
            queueLock.unlock();
        }
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

    /**
     * Writes a checkpoint: a consistent snapshot of the pending pointers with the log positions it
     * reflects (taken while no commit is between its log append and its queue update), then deletes the
     * segments nobody needs any more.
     */
    void checkpoint() throws IOException {
        synchronized (checkpointMonitor) {
            long[] positions = new long[writers.length];
            long[] pending;
            long seq;
            checkpointLock.writeLock().lock();
            try {
                for (int i = 0; i < writers.length; i++) {
                    positions[i] = writers[i].position();
                }
                queueLock.lock();
                try {
                    int inFlight = 0;
                    for (FileTransaction t : takers) {
                        inFlight += t.count;
                    }
                    pending = new long[inFlight + queue.size()];
                    int k = 0;
                    for (FileTransaction t : takers) {
                        System.arraycopy(t.pointers, 0, pending, k, t.count);
                        k += t.count;
                    }
                    queue.copyPointers(pending, k);
                } finally {
                    queueLock.unlock();
                }
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
                    counter.increment(CHECKPOINT_BACKUP_WRITE_ERROR);
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

    @Override
    public String toString() {
        return "FileChannel{" + name + ", checkpointDir=" + settings.checkpointDir() + ", dataDirs="
                + settings.dataDirs() + "}";
    }
}
