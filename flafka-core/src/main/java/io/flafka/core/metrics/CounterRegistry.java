package io.flafka.core.metrics;

import io.flafka.api.metrics.ChannelCounter;
import io.flafka.api.metrics.CounterGroup;
import io.flafka.api.metrics.SinkCounter;
import io.flafka.api.metrics.SourceCounter;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Supplier;

/**
 * Every counter group of one agent, keyed as in Flume's JSON ({@code SOURCE.r1}). Groups survive a
 * component restart (same name and kind) so counters stay monotonic across reloads. Thread-safe.
 *
 * <p>Reporters that keep per-group state (JMX beans) subscribe with {@link #addListener(Listener)};
 * listeners are called after the change, outside the registry's lock.
 */
public final class CounterRegistry {
    private final Map<String, CounterGroup> groups = new LinkedHashMap<>();
    private final List<Listener> listeners = new CopyOnWriteArrayList<>();

    /** Told when a group appears, is replaced or disappears. Called on the thread that changed the registry. */
    public interface Listener {
        /** A group was added under {@code key}, or replaced an older group under that key. */
        void groupAdded(String key, CounterGroup group);

        /** The group under {@code key} was removed. */
        void groupRemoved(String key, CounterGroup group);
    }

    /** The group under {@code TYPE.name}, created by {@code factory} if absent. */
    public <G extends CounterGroup> G getOrCreate(String type, String name, Class<G> cls, Supplier<G> factory) {
        String key = type + "." + name;
        CounterGroup g;
        CounterGroup created = null;
        synchronized (this) {
            g = groups.get(key);
            if (g == null || !cls.isInstance(g)) {
                g = factory.get();
                groups.put(key, g);
                created = g;
            }
        }
        if (created != null) {
            for (Listener l : listeners) {
                l.groupAdded(key, created);
            }
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
    public void remove(String type, String name) {
        String key = type + "." + name;
        CounterGroup removed;
        synchronized (this) {
            removed = groups.remove(key);
        }
        if (removed != null) {
            for (Listener l : listeners) {
                l.groupRemoved(key, removed);
            }
        }
    }

    /** A snapshot of all groups in registration order. */
    public synchronized Map<String, CounterGroup> all() {
        return Collections.unmodifiableMap(new LinkedHashMap<>(groups));
    }

    /** Subscribes to group changes; the listener is not told about groups that already exist. */
    public void addListener(Listener listener) {
        listeners.add(listener);
    }

    public void removeListener(Listener listener) {
        listeners.remove(listener);
    }
}
