package io.flafka.it;

import io.flafka.core.config.ConfigLoader;
import io.flafka.core.config.LoadResult;
import io.flafka.core.metrics.CounterRegistry;
import io.flafka.core.registry.ComponentRegistry;
import io.flafka.core.runtime.Agent;
import java.util.LinkedHashMap;
import java.util.Map;

/** An agent in the test JVM, from properties text, through the real loader and runtime. */
final class InProcessAgent implements AutoCloseable {
    final CounterRegistry counters = new CounterRegistry();
    final Agent agent;

    InProcessAgent(String properties) {
        Map<String, String> props = new LinkedHashMap<>();
        for (String line : properties.split("\n")) {
            int eq = line.indexOf('=');
            if (eq > 0 && !line.startsWith("#")) {
                props.put(line.substring(0, eq).trim(), line.substring(eq + 1).trim());
            }
        }
        LoadResult r = new ConfigLoader(ComponentRegistry.discover(InProcessAgent.class.getClassLoader()))
                .load(props, "a1");
        if (!r.ok()) {
            throw new AssertionError("configuration refused: " + r.diagnostics().errors());
        }
        agent = new Agent(r.spec(), counters);
        agent.start();
    }

    /** Events the source {@code name} handed to its channels so far. */
    long accepted(String source) {
        return counters.source(source).get(io.flafka.api.metrics.SourceCounter.EVENT_ACCEPTED);
    }

    @Override
    public void close() {
        agent.stop();
    }
}
