package io.flafka.core.runtime;

import io.flafka.api.ComponentContext;
import io.flafka.api.ComponentKind;
import io.flafka.api.FlafkaException;
import io.flafka.api.Interceptor;
import io.flafka.api.metrics.CounterGroup;
import io.flafka.core.config.ComponentSpec;
import io.flafka.core.metrics.CounterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Makes component instances from their specs with the right context and counter group, and stops
 * them without letting a misbehaving {@code stop()} escape. Used on the lifecycle and supervisor threads.
 */
final class Components {
    private static final Logger LOG = LoggerFactory.getLogger(Components.class);

    private final String agentName;
    private final CounterRegistry registry;

    Components(String agentName, CounterRegistry registry) {
        this.agentName = agentName;
        this.registry = registry;
    }

    String agentName() {
        return agentName;
    }

    CounterRegistry registry() {
        return registry;
    }

    /**
     * The counter group of a component: Flume's groups for sources, channels and sinks; a registry
     * group under the kind's prefix ({@code INTERCEPTOR.r1.i1}, {@code SINKPROCESSOR.g1}) otherwise.
     */
    CounterGroup counters(ComponentSpec spec) {
        return counters(spec.kind(), spec.name());
    }

    CounterGroup counters(ComponentKind kind, String name) {
        return switch (kind) {
            case SOURCE -> registry.source(name);
            case CHANNEL -> registry.channel(name);
            case SINK -> registry.sink(name);
            default -> registry.getOrCreate(kind.metricsPrefix(), name, CounterGroup.class,
                    () -> new CounterGroup(kind.metricsPrefix(), name));
        };
    }

    /** Creates one instance of {@code spec}, checking that it is a {@code type}. */
    <T> T create(ComponentSpec spec, Class<T> type) throws Exception {
        ComponentContext ctx = new ComponentContext(agentName, spec.name(), spec.kind(), spec.config(), counters(spec));
        Object made = spec.factory().create(ctx);
        if (made instanceof Interceptor.Builder b && type == Interceptor.class) {
            made = b.build();
        }
        if (!type.isInstance(made)) {
            throw new FlafkaException(ctx.qualifiedName() + ": type '" + spec.type() + "' made "
                    + (made == null ? "nothing" : "a " + made.getClass().getName()) + ", not a " + type.getSimpleName());
        }
        return type.cast(made);
    }

    /** Runs a stop action, logging (not throwing) whatever it throws. */
    static void quietly(String what, Runnable stop) {
        try {
            stop.run();
        } catch (Throwable t) {
            LOG.warn("Stopping {} threw; continuing", what, t);
        }
    }
}
