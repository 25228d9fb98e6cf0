package io.flafka.core.config;

import io.flafka.api.config.Diagnostics;

/**
 * A whole-agent check contributed by a module (for example the Kafka module's warning that a Kafka sink
 * writes back into the topic its Kafka source reads). Found with {@link java.util.ServiceLoader} on the
 * registry's class loader (list implementations in
 * {@code META-INF/services/io.flafka.core.config.TopologyCheck}) and run, on the loading thread, after an
 * agent has been built without errors. Errors it adds make the load fail; warnings are reported.
 */
public interface TopologyCheck {

    /** Inspects the agent and adds problems, each at its full key path ({@code a1.sinks.k1.topic}). */
    void check(AgentSpec spec, Diagnostics diagnostics);
}
