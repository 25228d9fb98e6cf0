package io.flafka.core.sink;

import io.flafka.api.ComponentContext;
import io.flafka.api.ComponentKind;
import io.flafka.api.ComponentProvider;
import io.flafka.api.Sink;
import io.flafka.api.config.Config;
import io.flafka.api.config.ConfigDef;
import io.flafka.api.metrics.SinkCounter;
import java.nio.file.Path;
import java.util.Set;

/** Provides {@link RollingFileSink} as {@code file_roll} ({@code org.apache.flume.sink.RollingFileSink}). */
public final class RollingFileSinkProvider implements ComponentProvider<Sink> {
    @Override
    public ComponentKind kind() {
        return ComponentKind.SINK;
    }

    @Override
    public String type() {
        return "file_roll";
    }

    @Override
    public Set<String> aliases() {
        return Set.of("org.apache.flume.sink.RollingFileSink");
    }

    @Override
    public String description() {
        return "Writes events to rolling files in a local directory.";
    }

    @Override
    public ConfigDef configDef() {
        return RollingFileSink.CONFIG_DEF;
    }

    @Override
    public Sink create(ComponentContext context) {
        return new RollingFileSink(context.name(), settings(context.config()), context.counters(SinkCounter.class));
    }

    /** Reads the sink's settings from its validated keys. */
    static RollingFileSink.Settings settings(Config c) {
        return new RollingFileSink.Settings(Path.of(c.get(RollingFileSink.DIRECTORY)),
                c.get(RollingFileSink.ROLL_INTERVAL), c.get(RollingFileSink.SERIALIZER),
                c.get(RollingFileSink.APPEND_NEWLINE), c.get(RollingFileSink.BATCH_SIZE),
                c.get(RollingFileSink.PATH_MANAGER), c.get(RollingFileSink.PATH_PREFIX),
                c.get(RollingFileSink.PATH_EXTENSION));
    }
}
