package io.flafka.core.metrics;

import io.flafka.api.metrics.ChannelCounter;
import io.flafka.api.metrics.CounterGroup;
import io.flafka.api.metrics.SinkCounter;
import io.flafka.api.metrics.SourceCounter;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Every counter group of one agent, keyed as in Flume's JSON ({@code SOURCE.r1}). Groups survive a
 * component restart (same name and kind) so counters stay monotonic across reloads. Thread-safe.
 */
public final class CounterRegistry {
    private final Map<String, CounterGroup> groups = new LinkedHashMap<>();

    /** The group under {@code TYPE.name}, created by {@code factory} if absent. */
    public synchronized <G extends CounterGroup> G getOrCreate(String type, String name, Class<G> cls,
                                                               Supplier<G> factory) {
        String key = type + "." + name;
        CounterGroup g = groups.get(key);
        if (g == null || !cls.isInstance(g)) {
            g = factory.get();
            groups.put(key, g);
        }
        return cls.cast(g);
    }

    public SourceCounter source(String name) {
        return getOrCreate("SOURCE", name, SourceCounter.class, () -> new SourceCounter(name));
    }

    public ChannelCounter channel(String name) {
        return getOrCreate("CHANNEL", name, ChannelCounter.class, () -> new ChannelCounter(name));
    }

    public SinkCounter sink(String name) {
        return getOrCreate("SINK", name, SinkCounter.class, () -> new SinkCounter(name));
    }

    /** Removes a group (its component left the configuration). */
    public synchronized void remove(String type, String name) {
        groups.remove(type + "." + name);
    }

    /** A snapshot of all groups in registration order. */
    public synchronized Map<String, CounterGroup> all() {
        return Collections.unmodifiableMap(new LinkedHashMap<>(groups));
    }
}
