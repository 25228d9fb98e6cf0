package io.flafka.api.metrics;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/**
 * A named group of exact counters and gauges, reported as one entry of Flume's metrics JSON
 * ({@code "SOURCE.r1": {"EventAcceptedCount": "42", ...}}), as Prometheus series and as a JMX bean.
 *
 * <p>Counters are {@link LongAdder}s: cheap to bump from many threads, exact when read. Components
 * may add their own counters ({@code KafkaCommitTimer}, ...) at any time. Thread-safe.
 */
public class CounterGroup {
    private final String type;
    private final String name;
    private final Map<String, LongAdder> counters = new ConcurrentHashMap<>();
    private final Map<String, AtomicLong> gauges = new ConcurrentHashMap<>();
    private final Map<String, Boolean> order = Collections.synchronizedMap(new LinkedHashMap<>());
    private volatile long startTime;
    private volatile long stopTime;

    /**
     * @param type the group type as Flume prints it: SOURCE, CHANNEL, SINK, ...
     * @param name the component name
     */
    public CounterGroup(String type, String name) {
        this.type = type;
        this.name = name;
    }

    public String type() {
        return type;
    }

    public String name() {
        return name;
    }

    /** The monotonic counter of that name, created at zero on first use. */
    public LongAdder counter(String counterName) {
        LongAdder c = counters.get(counterName);
        if (c == null) {
            c = counters.computeIfAbsent(counterName, k -> {
                order.put(k, Boolean.TRUE);
                return new LongAdder();
            });
        }
        return c;
    }

    /** A gauge (a value that goes up and down, such as ChannelSize), created at zero on first use. */
    public AtomicLong gauge(String gaugeName) {
        AtomicLong g = gauges.get(gaugeName);
        if (g == null) {
            g = gauges.computeIfAbsent(gaugeName, k -> {
                order.put(k, Boolean.TRUE);
                return new AtomicLong();
            });
        }
        return g;
    }

    /** Adds {@code delta} to a counter. */
    public void add(String counterName, long delta) {
        counter(counterName).add(delta);
    }

    /** Adds one to a counter. */
    public void increment(String counterName) {
        counter(counterName).increment();
    }

    /** The current value of a counter or gauge, 0 when it does not exist. */
    public long get(String metricName) {
        LongAdder c = counters.get(metricName);
        if (c != null) {
            return c.sum();
        }
        AtomicLong g = gauges.get(metricName);
        return g == null ? 0 : g.get();
    }

    /** True for names that are gauges rather than monotonic counters. */
    public boolean isGauge(String metricName) {
        return gauges.containsKey(metricName);
    }

    /** Marks the component started now (Flume's StartTime) and clears StopTime. */
    public void markStarted() {
        startTime = System.currentTimeMillis();
        stopTime = 0;
    }

    /** Marks the component stopped now (Flume's StopTime). */
    public void markStopped() {
        stopTime = System.currentTimeMillis();
    }

    public long startTime() {
        return startTime;
    }

    public long stopTime() {
        return stopTime;
    }

    /** Every counter and gauge in registration order, plus derived values from {@link #derived(Map)}. */
    public Map<String, Long> snapshot() {
        Map<String, Long> out = new LinkedHashMap<>();
        synchronized (order) {
            for (String k : order.keySet()) {
                out.put(k, get(k));
            }
        }
        derived(out);
        return out;
    }

    /** Hook for subclasses that report computed values (e.g. ChannelFillPercentage). */
    protected void derived(Map<String, Long> snapshot) {
    }

    /** Values that are not longs in Flume's JSON (e.g. a percentage as a double). */
    public Map<String, String> extraStrings() {
        return Map.of();
    }
}
