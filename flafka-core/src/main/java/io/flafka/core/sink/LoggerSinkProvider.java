package io.flafka.core.sink;

import io.flafka.api.ComponentContext;
import io.flafka.api.ComponentKind;
import io.flafka.api.ComponentProvider;
import io.flafka.api.Sink;
import io.flafka.api.config.Config;
import io.flafka.api.config.ConfigDef;
import io.flafka.api.metrics.SinkCounter;
import java.util.Set;

/** Provides {@link LoggerSink} as {@code logger} ({@code org.apache.flume.sink.LoggerSink}). */
public final class LoggerSinkProvider implements ComponentProvider<Sink> {
    @Override
    public ComponentKind kind() {
        return ComponentKind.SINK;
    }

    @Override
    public String type() {
        return "logger";
    }

    @Override
    public Set<String> aliases() {
        return Set.of("org.apache.flume.sink.LoggerSink");
    }

    @Override
    public String description() {
        return "Logs each event's headers and the start of its body at INFO.";
    }

    @Override
    public ConfigDef configDef() {
        return LoggerSink.CONFIG_DEF;
    }

    @Override
    public Sink create(ComponentContext context) {
        Config c = context.config();
        return new LoggerSink(context.name(), c.get(LoggerSink.BATCH_SIZE), c.get(LoggerSink.MAX_BYTES_TO_LOG),
                context.counters(SinkCounter.class));
    }
}
