package io.flafka.core.channel;

import io.flafka.api.Channel;
import io.flafka.api.ChannelException;
import io.flafka.api.ChannelFullException;
import io.flafka.api.ComponentContext;
import io.flafka.api.Event;
import io.flafka.api.Transaction;
import io.flafka.api.config.Config;
import io.flafka.api.config.ConfigDef;
import io.flafka.api.config.ConfigException;
import io.flafka.api.config.ConfigKey;
import io.flafka.api.config.Validators;
import io.flafka.api.metrics.ChannelCounter;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Flume's memory channel: a bounded in-memory queue with explicit batch transactions. Fast, and lost
 * on a crash by design.
 *
 * <p>Room is reserved per event and per byte. An event occupies its slot from the put commit until the
 * take commit, so a rolled-back take always fits back at the head. The byte bound counts headers and
 * bodies ({@link Event#sizeInBytes()}), unlike Flume which counted bodies only; the buffer percentage is
 * still honoured so a Flume configuration keeps the same effective limit.
 *
 * <p>Threading: {@link #begin()} and the transactions are used by any number of source and sink
 * threads. A whole batch moves under one lock acquisition; puts are staged in the transaction without
 * any lock. A put commit waits up to {@code keep-alive} seconds for room; {@link #stop()} does not
 * block and leaves waiting putters to time out.
 */
public final class MemoryChannel implements Channel {
    private static final Logger LOG = LoggerFactory.getLogger(MemoryChannel.class);

    public static final ConfigKey<Integer> CAPACITY = ConfigKey.intKey("capacity").defaultValue(100)
            .validator(Validators.atLeast(1)).doc("The most events the channel holds.").build();
    public static final ConfigKey<Integer> TRANSACTION_CAPACITY = ConfigKey.intKey("transactionCapacity")
            .defaultValue(100).validator(Validators.atLeast(1))
            .doc("The most events one put or take transaction may hold; at most capacity.").build();
    public static final ConfigKey<Long> BYTE_CAPACITY = ConfigKey.longKey("byteCapacity")
            .validator(Validators.atLeast(0))
            .doc("The most bytes of event headers and bodies the channel holds. Default: 80% of the JVM's "
                    + "maximum heap (-Xmx). 0 means no byte bound.").build();
    public static final ConfigKey<Integer> BYTE_CAPACITY_BUFFER_PERCENTAGE =
            ConfigKey.intKey("byteCapacityBufferPercentage").defaultValue(20).validator(Validators.between(0, 99))
                    .doc("Percentage of byteCapacity kept free as headroom.").build();
    public static final ConfigKey<Integer> KEEP_ALIVE = ConfigKey.intKey("keep-alive").defaultValue(3)
            .validator(Validators.atLeast(0))
            .doc("Seconds a put commit waits for room before failing with ChannelFullException.").build();

    /** The memory channel's declared keys. */
    public static final ConfigDef CONFIG_DEF = ConfigDef.builder()
            .keys(CAPACITY, TRANSACTION_CAPACITY, BYTE_CAPACITY, BYTE_CAPACITY_BUFFER_PERCENTAGE, KEEP_ALIVE)
            .transactionCapacityKey(TRANSACTION_CAPACITY.name())
            .build();

    /**
     * The channel's settings.
     *
     * @param capacity the most events held
     * @param transactionCapacity the most events per transaction
     * @param byteCapacity the byte bound before headroom, 0 for none
     * @param byteCapacityBufferPercentage headroom kept free, in percent of byteCapacity
     * @param keepAliveSeconds how long a put commit waits for room
     */
    public record Settings(int capacity, int transactionCapacity, long byteCapacity, int byteCapacityBufferPercentage,
                           int keepAliveSeconds) {

        /** Reads and cross-checks the settings; {@code path} prefixes error messages. */
        public static Settings from(Config config, String path) {
            Settings s = new Settings(config.get(CAPACITY), config.get(TRANSACTION_CAPACITY),
                    config.isSet(BYTE_CAPACITY) ? config.get(BYTE_CAPACITY) : defaultByteCapacity(),
                    config.get(BYTE_CAPACITY_BUFFER_PERCENTAGE), config.get(KEEP_ALIVE));
            if (s.transactionCapacity > s.capacity) {
                throw new ConfigException(path + TRANSACTION_CAPACITY.name(), "is " + s.transactionCapacity
                        + ", more than capacity (" + s.capacity + "); it must be at most capacity");
            }
            return s;
        }

        /** Flume's default byte bound: 80% of the maximum heap. */
        public static long defaultByteCapacity() {
            return (long) (Runtime.getRuntime().maxMemory() * 0.8);
        }

        /** The bytes usable for events after headroom; {@link Long#MAX_VALUE} when unbounded. */
        long usableBytes() {
            return byteCapacity <= 0 ? Long.MAX_VALUE : byteCapacity * (100 - byteCapacityBufferPercentage) / 100;
        }
    }

    private final String name;
    private final int capacity;
    private final int transactionCapacity;
    private final long usableBytes;
    private final boolean trackBytes;
    private final long keepAliveNanos;
    private final ChannelCounter counter;
    private final AtomicLong sizeGauge;

    private final ReentrantLock lock = new ReentrantLock();
    private final Condition notFull = lock.newCondition();
    private final EventRing ring;
    /** Slots reserved: events visible plus events taken by open transactions. Guarded by lock. */
    private int used;
    /** Bytes reserved, counted like {@link #used}. Guarded by lock. */
    private long usedBytes;
    /** Putters waiting in {@link #notFull}; lets take commits skip signalling. Guarded by lock. */
    private int waitingPutters;
    /** Events visible to takers; written under lock, read without it for cheap empty checks. */
    private volatile int visible;
    /** Run after every put commit (idle sinks' runners). */
    private final PutListeners putListeners = new PutListeners();

    public MemoryChannel(String name, Settings settings, ChannelCounter counter) {
        this.name = name;
        this.capacity = settings.capacity();
        this.transactionCapacity = settings.transactionCapacity();
        this.usableBytes = settings.usableBytes();
        this.trackBytes = usableBytes != Long.MAX_VALUE;
        this.keepAliveNanos = TimeUnit.SECONDS.toNanos(settings.keepAliveSeconds());
        this.counter = counter;
        this.sizeGauge = counter.gauge(ChannelCounter.CHANNEL_SIZE);
        this.ring = new EventRing(capacity, trackBytes);
    }

    /** Creates a channel from a component context (the provider's path). */
    public static MemoryChannel create(ComponentContext context) {
        ChannelCounter counter = context.counters() instanceof ChannelCounter c ? c : new ChannelCounter(context.name());
        return new MemoryChannel(context.name(),
                Settings.from(context.config(), context.qualifiedName() + "."), counter);
    }

    @Override
    public void start() {
        counter.gauge(ChannelCounter.CHANNEL_CAPACITY).set(capacity);
        sizeGauge.set(visible);
    }

    @Override
    public void stop() {
        int left = visible;
        if (left > 0) {
            LOG.warn("Memory channel '{}' stopped holding {} events; they are discarded", name, left);
        }
    }

    @Override
    public Transaction begin() {
        return new MemoryTransaction(this);
    }

    @Override
    public long size() {
        return visible;
    }

    @Override
    public long capacity() {
        return capacity;
    }

    String name() {
        return name;
    }

    int transactionCapacity() {
        return transactionCapacity;
    }

    boolean tracksBytes() {
        return trackBytes;
    }

    ChannelCounter counter() {
        return counter;
    }

    /** A quick, lock-free hint: may be stale by the time it is used. */
    int visibleHint() {
        return visible;
    }

    /** Makes staged puts visible, waiting up to keep-alive for room. */
    void commitPuts(Event[] events, long[] sizes, int n, long bytes) {
        if (bytes > usableBytes) {
            throw new ChannelException("Memory channel '" + name + "': a batch of " + n + " events takes " + bytes
                    + " bytes, more than the channel's whole usable byteCapacity (" + usableBytes
                    + "); raise byteCapacity or lower the batch size");
        }
        lock.lock();
        try {
            long nanos = keepAliveNanos;
            while (used + n > capacity || usedBytes + bytes > usableBytes) {
                if (nanos <= 0) {
                    throw full(n, bytes);
                }
                waitingPutters++;
                try {
                    nanos = notFull.awaitNanos(nanos);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new ChannelException("Memory channel '" + name + "': interrupted while waiting for room", e);
                } finally {
                    waitingPutters--;
                }
            }
            ring.ensureSlots(used + n);
            ring.addLast(events, sizes, n);
            used += n;
            usedBytes += bytes;
            int v = ring.size();
            visible = v;
            sizeGauge.set(v);
        } finally {
            lock.unlock();
        }
        putListeners.fire();
    }

    @Override
    public void addPutListener(Runnable listener) {
        putListeners.add(listener);
    }

    @Override
    public void removePutListener(Runnable listener) {
        putListeners.remove(listener);
    }

    private ChannelFullException full(int n, long bytes) {
        String what = used + n > capacity
                ? used + " of " + capacity + " events are in use (capacity)"
                : usedBytes + " of " + usableBytes + " usable bytes are in use (byteCapacity less headroom)";
        return new ChannelFullException("Memory channel '" + name + "' is full: no room for a commit of " + n
                + " events (" + bytes + " bytes) after waiting " + keepAliveNanos / 1_000_000 + " ms; " + what
                + ". Sinks are not keeping up: add sinks, raise capacity, or let the source retry");
    }

    /** Moves up to {@code max} visible events into a take transaction's arrays; returns the count. */
    int takeInto(int max, Event[] dst, long[] dstSizes, int offset) {
        lock.lock();
        try {
            int n = ring.pollFirst(max, dst, dstSizes, offset);
            if (n > 0) {
                int v = ring.size();
                visible = v;
                sizeGauge.set(v);
            }
            return n;
        } finally {
            lock.unlock();
        }
    }

    /** Releases the room held by committed takes. */
    void commitTakes(int n, long bytes) {
        lock.lock();
        try {
            used -= n;
            usedBytes -= bytes;
            if (waitingPutters > 0) {
                notFull.signalAll();
            }
        } finally {
            lock.unlock();
        }
    }

    /** Returns rolled-back takes to the head, in their original order. */
    void returnTakes(Event[] events, long[] sizes, int n) {
        lock.lock();
        try {
            ring.addFirst(events, sizes, n);
            int v = ring.size();
            visible = v;
            sizeGauge.set(v);
        } finally {
            lock.unlock();
        }
    }

    @Override
    public String toString() {
        return "MemoryChannel{" + name + ", capacity=" + capacity + ", transactionCapacity=" + transactionCapacity + "}";
    }
}
