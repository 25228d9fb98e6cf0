package io.flafka.hdfs;

import io.flafka.api.Channel;
import io.flafka.api.Event;
import io.flafka.api.FlafkaException;
import io.flafka.api.metrics.SinkCounter;
import io.flafka.core.util.RateLimitedLog;
import io.flafka.core.serialization.EventSerializer;
import io.flafka.core.sink.AbstractBatchSink;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.LongSupplier;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FSDataOutputStream;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.io.compress.CompressionCodec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Flume's HDFS sink: writes events into files under an escaped {@code hdfs.path}, one open file per
 * bucket (escaped path + file prefix), rolled by time, size, count and idleness.
 *
 * <p>Delivery: a batch is appended to the files of its buckets, then every file it touched is
 * hflushed (in parallel, each within {@code hdfs.callTimeout}); only then does the take commit. Any
 * failure closes the batch's files (so a retry starts new files) and rolls the take back: events are
 * never lost, at worst written twice. Rolled files are closed and renamed by {@link FileCloser}, which
 * never leaves data under an in-use name; leftovers of a crash are renamed at the next start by
 * {@link LeftoverRecovery}. Buckets are computed by {@link BucketPathCache}, formatting a path only
 * once per (header values, time bucket), for the whole batch before anything is written; an event whose
 * path needs a timestamp it lacks is counted, WARN-logged and handled as {@code hdfs.missingTimestamp} says.
 * A file's writer collects its part of a batch in a {@link WriteBuffer} (arrays pooled per sink by
 * {@link BufferPool}), which reaches Hadoop's stream in one write when the file is flushed.
 *
 * <p>Threading: {@code process()} runs on the sink's runner thread and owns the open files; HDFS calls
 * run on the {@code hdfs.threadsPoolSize} pool, close retries on the {@code hdfs.rollTimerPoolSize}
 * threads. {@code start()} and {@code stop()} run on the lifecycle thread; {@code stop()} interrupts the
 * HDFS calls a {@code process()} waits for (that batch rolls back), then closes and renames every file.
 * Rolls by time and idleness are checked on every {@code process()}, including empty ones.
 */
public final class HdfsSink extends AbstractBatchSink {
    private static final Logger LOG = LoggerFactory.getLogger(HdfsSink.class);
    /** Counter of events dropped because their bucket could not be computed (hdfs.missingTimestamp = drop). */
    static final String EVENT_DROP = "EventDropCount";
    /** Counter of events whose path needs a time they do not carry, whatever hdfs.missingTimestamp does. */
    static final String MISSING_TIMESTAMP = "EventMissingTimestampCount";
    private static final int MAX_CONSECUTIVE_UNDER_REPLICATED_ROLLS = 30;
    private static final long STARTUP_LEASE_WAIT_MS = 30_000;
    // a file's batch buffer starts at 4 KiB and writes out every 512 KiB at most; 4 MiB of free
    // arrays are kept for the next batches
    private static final int BUFFER_INITIAL = 4 << 10;
    private static final int BUFFER_MAX = 512 << 10;
    private static final long BUFFER_RETAINED = 4L << 20;

    private final HdfsSinkSettings settings;
    private final LongSupplier clock;
    private final EscapeTemplate.HostNames hostNames;
    private final EventSerializer.Factory format;
    private final RateLimitedLog badEvents = new RateLimitedLog(LOG);
    private final Object lock = new Object();
    // access order: the first entry is the least recently written bucket (maxOpenFiles eviction)
    private final LinkedHashMap<String, BucketFile> open = new LinkedHashMap<>(64, 0.75f, true);
    private final List<BucketFile> touched = new ArrayList<>();
    // the batch's buckets, resolved before anything is written (null = dropped)
    private final List<String> batchBuckets = new ArrayList<>();
    private final List<HdfsCalls.IoCall<Void>> flushes = new ArrayList<>();
    private final BufferPool buffers = new BufferPool(BUFFER_INITIAL, BUFFER_MAX, BUFFER_RETAINED);

    private Configuration conf;
    private FileSystem fs;
    private CompressionCodec codec;
    private HdfsCalls calls;
    private ScheduledExecutorService timer;
    private FileCloser closer;
    private BucketPathCache buckets;
    private int minReplicas;
    private long fileCounter;
    private int underReplicatedRolls;
    private boolean stopping;
    private String lastBucket;
    private BucketFile lastFile;
    private long nextSweep;
    private LeftoverRecovery recovery;
    private LeftoverRecovery.Scope recoveryScope;
    private boolean recoveryPending;
    private long nextRecovery;

    HdfsSink(String name, HdfsSinkSettings settings, SinkCounter counter, LongSupplier clock,
             EscapeTemplate.HostNames hostNames) {
        super(name, settings.batchSize(), counter);
        this.settings = settings;
        this.clock = clock;
        this.hostNames = hostNames;
        this.format = SinkSerializers.forName(settings.serializer()).orElseThrow();
    }

    @Override
    public void start(Channel channel) throws Exception {
        try {
            open(channel);
        } catch (Exception | Error e) {
            release();
            throw e;
        }
    }

    private void open(Channel channel) throws Exception {
        HdfsSinkSettings s = settings;
        EscapeTemplate template = EscapeTemplate.parse(joinPath(s.path(), s.filePrefix()), hostNames);
        conf = HadoopAccess.configuration();
        String location = EscapeTemplate.parse(s.path(), hostNames).staticPrefix();
        try {
            fs = HadoopAccess.open(conf, location.isEmpty() ? "/" : location, s.kerberosPrincipal(),
                    s.kerberosKeytab(), s.proxyUser());
        } catch (IOException e) {
            throw new FlafkaException("HDFS sink " + name() + ": cannot reach the file system of " + s.path() + ": "
                    + e, e);
        }
        codec = s.codec() == null ? null : Codecs.create(s.codec(), conf);
        minReplicas = s.minBlockReplicas() != null ? s.minBlockReplicas()
                : fs.getDefaultReplication(new Path(location.isEmpty() ? "/" : location));
        calls = new HdfsCalls(name(), s.threadsPoolSize(), s.callTimeoutMs());
        AtomicInteger n = new AtomicInteger();
        timer = Executors.newScheduledThreadPool(s.rollTimerPoolSize(), r -> {
            Thread t = new Thread(r, "hdfs-" + name() + "-closer-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        closer = new FileCloser(name(), fs, calls, timer, s.closeTries(), s.retryIntervalMs(),
                Math.min(s.callTimeoutMs(), 10_000), counter);
        recovery = new LeftoverRecovery(name(), fs, closer, STARTUP_LEASE_WAIT_MS);
        recoveryScope = LeftoverRecovery.Scope.of(s.path(), s.filePrefix(), s.inUsePrefix(), s.inUseSuffix());
        buckets = new BucketPathCache(template, s.rounding(), s.timeZone(), s.useLocalTimeStamp(), clock);
        synchronized (lock) {
            stopping = false;
            fileCounter = clock.getAsLong();
            lastBucket = null;
            lastFile = null;
            nextSweep = Long.MIN_VALUE;
            recoveryPending = true;
            recoverLeftovers(clock.getAsLong());
        }
        super.start(channel);
        LOG.info("HDFS sink {} writing {} files to {} ({})", name(), s.fileType(), s.path(), fs.getUri());
    }

    /** Renames what an earlier run left, unless done already; retried while the file system is unreachable. */
    private void recoverLeftovers(long now) {
        if (!recoveryPending || now < nextRecovery) {
            return;
        }
        if (recovery.recover(recoveryScope, this::isOpen)) {
            recoveryPending = false;
        } else {
            nextRecovery = now + Math.max(settings.retryIntervalMs(), 1000);
        }
    }

    private boolean isOpen(Path p) {
        String path = p.toUri().getPath();
        for (BucketFile f : open.values()) {
            if (f.inUsePath.toUri().getPath().equals(path)) {
                return true;
            }
        }
        return false;
    }

    /** Stops the pools and closes the file system after a failed start or at stop. */
    private void release() {
        if (calls != null) {
            calls.shutdownNow();
            calls = null;
        }
        if (timer != null) {
            timer.shutdownNow();
        }
        if (fs != null) {
            try {
                fs.close();
            } catch (IOException e) {
                LOG.warn("HDFS sink {}: closing the file system failed: {}", name(), e.toString());
            }
            fs = null;
        }
    }

    private static String joinPath(String path, String prefix) {
        return path.endsWith("/") ? path + prefix : path + "/" + prefix;
    }

    @Override
    protected void deliver(List<Event> events) throws IOException {
        synchronized (lock) {
            if (stopping) {
                throw new IOException("HDFS sink " + name() + " is stopping");
            }
            long now = clock.getAsLong();
            touched.clear();
            try {
                // a path without escapes: one bucket for the whole batch, nothing to look up per event
                String fixed = buckets.fixedBucket();
                if (fixed == null) {
                    // first, so that hdfs.missingTimestamp = fail rolls back before any file is touched
                    resolveBuckets(events);
                }
                for (int i = 0, size = events.size(); i < size; i++) {
                    Event e = events.get(i);
                    String bucket = fixed != null ? fixed : batchBuckets.get(i);
                    if (bucket == null) {
                        continue;
                    }
                    BucketFile f = fileFor(bucket, now);
                    if (!f.dirty()) {
                        touched.add(f);
                    }
                    f.append(e, now);
                    if ((settings.rollCount() > 0 && f.events() >= settings.rollCount())
                            || (settings.rollSize() > 0 && f.bytes() >= settings.rollSize())) {
                        f.requestRoll();
                    }
                }
                flushTouched();
            } catch (IOException | RuntimeException e) {
                abandonTouched();
                throw e;
            } finally {
                batchBuckets.clear();
            }
            for (int i = 0; i < touched.size(); i++) {
                BucketFile f = touched.get(i);
                open.get(f.bucket); // once per file and batch: keeps the LRU order right despite the fast path
                if (!f.rollRequested() && underReplicated(f)) {
                    f.requestRoll();
                }
                if (f.rollRequested()) {
                    retire(f);
                }
            }
            touched.clear();
            rollDue(now);
        }
    }

    @Override
    protected void onIdle() {
        synchronized (lock) {
            if (!stopping) {
                rollDue(clock.getAsLong());
            }
        }
    }

    /** Fills {@link #batchBuckets} with each event's bucket, applying hdfs.missingTimestamp. */
    private void resolveBuckets(List<Event> events) throws IOException {
        batchBuckets.clear();
        for (int i = 0, size = events.size(); i < size; i++) {
            Event e = events.get(i);
            String bucket;
            try {
                bucket = buckets.resolve(e);
            } catch (BucketPathCache.MissingTimestampException ex) {
                bucket = onMissingTimestamp(e, ex);
            }
            batchBuckets.add(bucket);
        }
    }

    /** The bucket of an event without a usable timestamp: by the sink's clock, null (dropped), or an error. */
    private String onMissingTimestamp(Event e, BucketPathCache.MissingTimestampException ex) throws IOException {
        counter.increment(MISSING_TIMESTAMP);
        switch (settings.missingTimestamp()) {
            case LOCAL_TIME -> {
                badEvents.warn("HDFS sink {}: {}; writing it by the sink's clock (hdfs.missingTimestamp = localTime)",
                        name(), ex.getMessage());
                return buckets.resolveByLocalTime(e);
            }
            case DROP -> {
                counter.increment(EVENT_DROP);
                badEvents.warn("HDFS sink {} dropped an event: {} (hdfs.missingTimestamp = drop)", name(),
                        ex.getMessage());
                return null;
            }
            default -> {
                badEvents.warn("HDFS sink {}: {}; the batch rolls back and the sink backs off until the event is "
                        + "removed from the channel (hdfs.missingTimestamp = fail)", name(), ex.getMessage());
                throw new IOException("HDFS sink " + name() + ": " + ex.getMessage()
                        + " (hdfs.missingTimestamp = fail)");
            }
        }
    }

    /** The open file of the bucket, opened (or rolled) as needed. */
    private BucketFile fileFor(String bucket, long now) throws IOException {
        BucketFile f;
        // same bucket as the previous event (the usual case): no map lookup
        if (bucket == lastBucket && lastFile != null) {
            f = lastFile;
        } else {
            f = open.get(bucket);
        }
        if (f != null && f.rollRequested()) {
            // a count/size roll mid-batch: make its events durable before closing it
            flushOne(f);
            retire(f);
            touched.remove(f);
            f = null;
        }
        if (f == null) {
            f = openFile(bucket, now);
        }
        lastBucket = bucket;
        lastFile = f;
        return f;
    }

    private BucketFile openFile(String bucket, long now) throws IOException {
        while (open.size() >= settings.maxOpenFiles()) {
            BucketFile eldest = open.values().iterator().next();
            LOG.debug("HDFS sink {}: hdfs.maxOpenFiles reached, closing {}", name(), eldest);
            flushOne(eldest);
            touched.remove(eldest);
            retire(eldest);
        }
        Path base = new Path(bucket);
        Path dir = base.getParent();
        String suffix = !settings.fileSuffix().isEmpty() ? settings.fileSuffix()
                : codec != null ? codec.getDefaultExtension() : "";
        BucketFile f;
        try {
            f = openIn(bucket, base, dir, suffix, now);
        } catch (IOException | RuntimeException e) {
            counter.increment(SinkCounter.CONNECTION_FAILED);
            throw e;
        }
        counter.increment(SinkCounter.CONNECTION_CREATED);
        open.put(bucket, f);
        LOG.debug("HDFS sink {} opened {}", name(), f.inUsePath);
        return f;
    }

    private BucketFile openIn(String bucket, Path base, Path dir, String suffix, long now) throws IOException {
        return calls.call("open a file in " + dir, () -> {
            for (int attempt = 0; ; attempt++) {
                long id = ++fileCounter;
                String finalName = base.getName() + "." + id + suffix;
                Path target = new Path(dir, finalName);
                Path inUse = new Path(dir, settings.inUsePrefix() + finalName + settings.inUseSuffix());
                if (fs.exists(target) || fs.exists(inUse)) {
                    if (attempt > 1000) {
                        throw new IOException("no free file name in " + dir);
                    }
                    continue;
                }
                FSDataOutputStream out = fs.create(inUse, false);
                try {
                    return new BucketFile(bucket, inUse, target, writer(out), now);
                } catch (IOException | RuntimeException e) {
                    out.close();
                    fs.delete(inUse, false);
                    throw e;
                }
            }
        });
    }

    private HdfsWriter writer(FSDataOutputStream out) throws IOException {
        return switch (settings.fileType()) {
            case SEQUENCE_FILE -> new SequenceFileWriter(conf, out, codec, settings.textWriteFormat(), buffers);
            case DATA_STREAM -> new StreamWriter(out, null, format, settings.serializerOptions(), buffers);
            case COMPRESSED_STREAM -> new StreamWriter(out, codec, format, settings.serializerOptions(), buffers);
        };
    }

    private void flushTouched() throws IOException {
        flushes.clear();
        for (int i = 0; i < touched.size(); i++) {
            BucketFile f = touched.get(i);
            if (f.dirty()) {
                flushes.add(() -> {
                    f.flush();
                    return null;
                });
            }
        }
        if (!flushes.isEmpty()) {
            calls.callAll("hflush of " + flushes.size() + " file(s)", flushes);
        }
        flushes.clear();
    }

    private void flushOne(BucketFile f) throws IOException {
        if (f.dirty()) {
            calls.call("hflush " + f, () -> {
                f.flush();
                return null;
            });
        }
    }

    private boolean underReplicated(BucketFile f) {
        if (minReplicas <= 0) {
            return false;
        }
        int r = f.writer.currentReplication();
        if (r < 0 || r >= minReplicas) {
            underReplicatedRolls = 0;
            return false;
        }
        if (underReplicatedRolls >= MAX_CONSECUTIVE_UNDER_REPLICATED_ROLLS) {
            return false;
        }
        underReplicatedRolls++;
        LOG.warn("HDFS sink {}: block of {} has {} replicas, fewer than {} (hdfs.minBlockReplicas); rolling it",
                name(), f, r, minReplicas);
        return true;
    }

    /** Closes and renames the files due by hdfs.rollInterval or hdfs.idleTimeout. */
    private void rollDue(long now) {
        if (now < nextSweep) {
            return;
        }
        // once a second at most: cheap even with thousands of open files
        nextSweep = now + 1000;
        recoverLeftovers(now);
        long interval = settings.rollIntervalMs();
        long idle = settings.idleTimeoutMs();
        if (interval <= 0 && idle <= 0) {
            return;
        }
        List<BucketFile> due = null;
        for (BucketFile f : open.values()) {
            if ((interval > 0 && now - f.openedAt >= interval) || (idle > 0 && now - f.lastWriteAt() >= idle)) {
                if (due == null) {
                    due = new ArrayList<>();
                }
                due.add(f);
            }
        }
        if (due != null) {
            due.forEach(this::retire);
        }
    }

    /** Removes the file from the open set, then closes and renames it (failures go to retries). */
    private void retire(BucketFile f) {
        open.remove(f.bucket, f);
        if (lastFile == f) {
            lastFile = null;
            lastBucket = null;
        }
        closer.closeAndRename(f.writer, f.inUsePath, f.finalPath);
    }

    /** After a failed batch: its files may hold part of it; close them so the retry starts new ones. */
    private void abandonTouched() {
        for (BucketFile f : new ArrayList<>(touched)) {
            retire(f);
        }
        touched.clear();
    }

    /** The files open now (for tests). */
    List<Path> openFiles() {
        synchronized (lock) {
            List<Path> out = new ArrayList<>();
            open.values().forEach(f -> out.add(f.inUsePath));
            return out;
        }
    }

    /** How often a bucket path was formatted (for tests of the caching). */
    long bucketFormatCount() {
        synchronized (lock) {
            return buckets.formatCount();
        }
    }

    @Override
    public void stop() {
        HdfsCalls busy = calls;
        if (busy == null) {
            super.stop();
            return;
        }
        // interrupt a batch waiting on HDFS: it rolls back; then close everything with a fresh pool
        busy.shutdownNow();
        synchronized (lock) {
            stopping = true;
            calls = new HdfsCalls(name(), settings.threadsPoolSize(), settings.callTimeoutMs());
            closer = new FileCloser(name(), fs, calls, timer, settings.closeTries(), settings.retryIntervalMs(),
                    Math.min(settings.callTimeoutMs(), 10_000), counter);
            for (BucketFile f : new ArrayList<>(open.values())) {
                retire(f);
            }
            open.clear();
            // close retries still pending get one last go now; what remains is recovered at the next start
            for (Runnable pending : timer.shutdownNow()) {
                pending.run();
            }
            try {
                timer.awaitTermination(Math.min(settings.callTimeoutMs(), 10_000), TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            release();
            lastBucket = null;
            lastFile = null;
        }
        super.stop();
    }
}
