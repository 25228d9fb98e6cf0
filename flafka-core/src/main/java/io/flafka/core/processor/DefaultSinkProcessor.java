package io.flafka.core.processor;

import io.flafka.api.ComponentContext;
import io.flafka.api.ComponentKind;
import io.flafka.api.ComponentProvider;
import io.flafka.api.Sink;
import io.flafka.api.SinkProcessor;
import io.flafka.api.Status;
import io.flafka.api.config.ConfigDef;
import io.flafka.api.config.ConfigException;
import io.flafka.core.interceptor.ConfigPaths;
import java.util.Map;
import java.util.Set;

/**
 * Drives exactly one sink, as Flume's default processor does for a sink outside any group: each
 * {@link #process()} is that sink's {@code process()}, exceptions included. Called only from the
 * group's runner thread. Nothing to stop (the runtime stops the sink).
 */
public final class DefaultSinkProcessor implements SinkProcessor {
    static final ConfigDef DEF = ConfigDef.of();

    private final ComponentContext context;
    private Sink sink;

    DefaultSinkProcessor(ComponentContext context) {
        this.context = context;
    }

    @Override
    public void initialize(Map<String, Sink> sinks) {
        if (sinks.size() != 1) {
            throw new ConfigException(ConfigPaths.of(context, "type"), "the default processor drives exactly one"
                    + " sink but the group has " + sinks.size() + " " + sinks.keySet()
                    + "; use failover or load_balance");
        }
        sink = sinks.values().iterator().next();
    }

    @Override
    public Status process() throws Exception {
        return sink.process();
    }

    /** Makes {@link DefaultSinkProcessor}s. */
    public static final class Provider implements ComponentProvider<SinkProcessor> {
        @Override
        public ComponentKind kind() {
            return ComponentKind.SINK_PROCESSOR;
        }

        @Override
        public String type() {
            return "default";
        }

        @Override
        public Set<String> aliases() {
            return Set.of("org.apache.flume.sink.DefaultSinkProcessor");
        }

        @Override
        public String description() {
            return "Drives a single sink.";
        }

        @Override
        public ConfigDef configDef() {
            return DEF;
        }

        @Override
        public SinkProcessor create(ComponentContext context) {
            return new DefaultSinkProcessor(context);
        }
    }
}
