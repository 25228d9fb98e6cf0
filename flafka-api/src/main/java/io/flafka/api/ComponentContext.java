package io.flafka.api;

import io.flafka.api.config.Config;
import io.flafka.api.metrics.CounterGroup;
import java.util.Objects;

/**
 * What a component is given when it is created: its identity, its validated configuration and its
 * counter group (already registered for metrics reporting). Immutable.
 *
 * @param agentName the agent's name ({@code a1} in {@code a1.sources.r1.type})
 * @param name the component's name ({@code r1}); for interceptors and selectors it is qualified,
 *     e.g. {@code r1.i1}
 * @param kind what kind of component it is
 * @param config the component's keys with its prefix stripped, validated against its declaration
 * @param counters the component's counters, or a detached group for kinds that report none
 */
public record ComponentContext(String agentName, String name, ComponentKind kind, Config config,
                               CounterGroup counters) {

    public ComponentContext {
        Objects.requireNonNull(agentName, "agentName");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(config, "config");
        Objects.requireNonNull(counters, "counters");
    }

    /** The counters cast to the group type the runtime made for this kind (SourceCounter, ...). */
    public <G extends CounterGroup> G counters(Class<G> type) {
        return type.cast(counters);
    }

    /** {@code agent.kind.name}, the prefix used in error messages. */
    public String qualifiedName() {
        return agentName + "." + kind.configWord() + "." + name;
    }
}
