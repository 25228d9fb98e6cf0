package io.flafka.core.sink;

import io.flafka.api.ComponentContext;
import io.flafka.api.ComponentKind;
import io.flafka.api.ComponentProvider;
import io.flafka.api.Sink;
import io.flafka.api.config.ConfigDef;
import io.flafka.api.metrics.SinkCounter;
import java.util.Set;

/** Provides {@link NullSink} as {@code null} ({@code org.apache.flume.sink.NullSink}). */
public final class NullSinkProvider implements ComponentProvider<Sink> {
    @Override
    public ComponentKind kind() {
        return ComponentKind.SINK;
    }

    @Override
    public String type() {
        return "null";
    }

    @Override
    public Set<String> aliases() {
        return Set.of("org.apache.flume.sink.NullSink");
    }

    @Override
    public String description() {
        return "Takes events and discards them, counting exactly.";
    }

    @Override
    public ConfigDef configDef() {
        return NullSink.CONFIG_DEF;
    }

    @Override
    public Sink create(ComponentContext context) {
        return new NullSink(context.name(), context.config().get(NullSink.BATCH_SIZE),
                context.counters(SinkCounter.class));
    }
}
