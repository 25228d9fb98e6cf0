package io.flafka.core.metrics;

import io.flafka.api.metrics.CounterGroup;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Exposes a {@link CounterRegistry} in Prometheus text format through Micrometer. Each counter becomes
 * {@code flafka_<snake_case_name>_total{component="r1",type="SOURCE"}}, each gauge
 * {@code flafka_<snake_case_name>{...}}; derived values such as {@code ChannelFillPercentage} are gauges.
 * JVM memory, thread, GC, class-loading, CPU and uptime metrics come along.
 *
 * <p>Meters read a snapshot taken at the start of each {@link #scrape()}, so one scrape shows one
 * consistent view per group; groups and counters that appeared since the last scrape are registered
 * then, and meters of removed groups are dropped. Thread-safe (scrapes are serialised).
 */
public final class PrometheusMetrics implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(PrometheusMetrics.class);

    private final CounterRegistry counters;
    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final JvmGcMetrics gcMetrics = new JvmGcMetrics();
    /** Group key -> latest values, refreshed per scrape; the meters read from here. */
    private final Map<String, Map<String, Double>> values = new HashMap<>();
    /** Group key -> meters registered for it. */
    private final Map<String, List<Meter>> meters = new HashMap<>();
    /** Group key -> the group instance the meters were made for. */
    private final Map<String, CounterGroup> owners = new HashMap<>();
    private final Set<String> rejected = new HashSet<>();

    public PrometheusMetrics(CounterRegistry counters) {
        this.counters = counters;
        new JvmMemoryMetrics().bindTo(registry);
        new JvmThreadMetrics().bindTo(registry);
        new ClassLoaderMetrics().bindTo(registry);
        new ProcessorMetrics().bindTo(registry);
        new UptimeMetrics().bindTo(registry);
        gcMetrics.bindTo(registry);
    }

    /** The Prometheus text exposition of every group and the JVM. */
    public synchronized String scrape() {
        Map<String, CounterGroup> groups = counters.all();
        for (String key : new ArrayList<>(owners.keySet())) {
            if (groups.get(key) != owners.get(key)) {
                drop(key);
            }
        }
        groups.forEach(this::sync);
        return registry.scrape();
    }

    private void sync(String key, CounterGroup group) {
        Map<String, Double> v = new HashMap<>();
        group.snapshot().forEach((name, value) -> v.put(name, value.doubleValue()));
        group.extraStrings().forEach((name, value) -> {
            Double d = parse(value);
            if (d != null) {
                v.put(name, d);
            }
        });
        Map<String, Double> current = values.computeIfAbsent(key, k -> new HashMap<>());
        owners.put(key, group);
        List<Meter> registered = meters.computeIfAbsent(key, k -> new ArrayList<>());
        Tags tags = Tags.of("component", group.name(), "type", group.type());
        for (Map.Entry<String, Double> e : v.entrySet()) {
            String name = e.getKey();
            if (!current.containsKey(name)) {
                Meter m = register(name, group, tags, current);
                if (m != null) {
                    registered.add(m);
                }
            }
            current.put(name, e.getValue());
        }
    }

    private Meter register(String name, CounterGroup group, Tags tags, Map<String, Double> source) {
        String meterName = "flafka." + dotted(name);
        try {
            boolean counter = !group.isGauge(name) && !group.extraStrings().containsKey(name);
            if (counter) {
                return FunctionCounter.builder(meterName, source, s -> s.getOrDefault(name, 0.0))
                        .description("Flume counter " + name).tags(tags).register(registry);
            }
            return Gauge.builder(meterName, source, s -> s.getOrDefault(name, 0.0))
                    .description("Flume gauge " + name).tags(tags).register(registry);
        } catch (RuntimeException e) {
            // e.g. the same name used as a counter by one component and a gauge by another
            if (rejected.add(meterName)) {
                LOG.warn("Cannot export {} of {}.{} to Prometheus: {}", name, group.type(), group.name(),
                        e.getMessage());
            }
            return null;
        }
    }

    private void drop(String key) {
        List<Meter> gone = meters.remove(key);
        if (gone != null) {
            gone.forEach(registry::remove);
        }
        values.remove(key);
        owners.remove(key);
    }

    private static Double parse(String s) {
        try {
            return Double.valueOf(s);
        } catch (NumberFormatException e) {
            return null;
        }
    }

    /** {@code EventReceivedCount} -> {@code event.received.count} (Micrometer's naming turns dots into underscores). */
    static String dotted(String camel) {
        StringBuilder sb = new StringBuilder(camel.length() + 8);
        for (int i = 0; i < camel.length(); i++) {
            char c = camel.charAt(i);
            boolean upper = Character.isUpperCase(c);
            if (upper && i > 0) {
                char prev = camel.charAt(i - 1);
                boolean nextLower = i + 1 < camel.length() && Character.isLowerCase(camel.charAt(i + 1));
                if (Character.isLowerCase(prev) || Character.isDigit(prev) || (Character.isUpperCase(prev) && nextLower)) {
                    sb.append('.');
                }
            }
            if (c == '_' || c == '-' || c == ' ') {
                sb.append('.');
            } else {
                sb.append(Character.toLowerCase(c));
            }
        }
        return sb.toString().toLowerCase(Locale.ROOT);
    }

    @Override
    public synchronized void close() {
        gcMetrics.close();
        registry.close();
    }
}
