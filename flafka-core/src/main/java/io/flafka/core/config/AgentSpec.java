package io.flafka.core.config;

import java.util.Map;

/**
 * A whole validated agent: what the configuration layer produces and the runtime builds. Maps keep
 * the file's order.
 */
public record AgentSpec(String agentName, Map<String, SourceSpec> sources, Map<String, ComponentSpec> channels,
                        Map<String, SinkSpec> sinks, Map<String, SinkGroupSpec> sinkGroups) {

    public AgentSpec {
        sources = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(sources));
        channels = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(channels));
        sinks = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(sinks));
        sinkGroups = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(sinkGroups));
    }
}
