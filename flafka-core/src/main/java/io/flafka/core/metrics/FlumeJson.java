package io.flafka.core.metrics;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.flafka.api.metrics.CounterGroup;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Renders a {@link CounterRegistry} in Flume's metrics JSON shape: one object per group keyed
 * {@code TYPE.name}, every value a string, each group carrying {@code StartTime}, {@code StopTime}
 * and {@code Type}. Thread-safe.
 */
public final class FlumeJson {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private FlumeJson() {
    }

    /** The attributes of one group as Flume reports them (all strings). */
    public static Map<String, String> attributes(CounterGroup group) {
        Map<String, String> out = new LinkedHashMap<>();
        for (Map.Entry<String, Long> e : group.snapshot().entrySet()) {
            out.put(e.getKey(), Long.toString(e.getValue()));
        }
        out.putAll(group.extraStrings());
        out.put("StartTime", Long.toString(group.startTime()));
        out.put("StopTime", Long.toString(group.stopTime()));
        out.put("Type", group.type());
        return out;
    }

    /** Every group of the registry, in registration order. */
    public static Map<String, Map<String, String>> snapshot(CounterRegistry registry) {
        Map<String, Map<String, String>> out = new LinkedHashMap<>();
        registry.all().forEach((key, group) -> out.put(key, attributes(group)));
        return out;
    }

    /** The JSON document served at {@code /metrics}. */
    public static String render(CounterRegistry registry) {
        try {
            return MAPPER.writeValueAsString(snapshot(registry));
        } catch (JsonProcessingException e) {
            // Maps of strings always serialise; this would be a Jackson bug.
            throw new IllegalStateException(e);
        }
    }
}
