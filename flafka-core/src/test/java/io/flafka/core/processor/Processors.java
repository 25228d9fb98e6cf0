package io.flafka.core.processor;

import io.flafka.api.ComponentContext;
import io.flafka.api.ComponentKind;
import io.flafka.api.ComponentProvider;
import io.flafka.api.Sink;
import io.flafka.api.config.Config;
import io.flafka.api.metrics.CounterGroup;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Test helpers for sink processors. */
final class Processors {
    final List<String> log = new ArrayList<>();
    final Map<String, FakeSink> fakes = new LinkedHashMap<>();

    Map<String, Sink> sinks(String... names) {
        Map<String, Sink> out = new LinkedHashMap<>();
        for (String n : names) {
            FakeSink s = new FakeSink(n, log);
            fakes.put(n, s);
            out.put(n, s);
        }
        return out;
    }

    FakeSink sink(String name) {
        return fakes.get(name);
    }

    /** The sinks called since the last call of this method. */
    List<String> calls() {
        List<String> out = List.copyOf(log);
        log.clear();
        return out;
    }

    static ComponentContext context(ComponentProvider<?> provider, Map<String, String> raw) {
        return new ComponentContext("a1", "g1", ComponentKind.SINK_PROCESSOR, Config.parse(provider.configDef(), raw),
                new CounterGroup("SINKPROCESSOR", "g1"));
    }
}
