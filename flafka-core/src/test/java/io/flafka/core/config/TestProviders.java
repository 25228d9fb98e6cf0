package io.flafka.core.config;

import io.flafka.api.Channel;
import io.flafka.api.ChannelProcessor;
import io.flafka.api.ChannelSelector;
import io.flafka.api.ComponentContext;
import io.flafka.api.ComponentKind;
import io.flafka.api.ComponentProvider;
import io.flafka.api.Event;
import io.flafka.api.Interceptor;
import io.flafka.api.Sink;
import io.flafka.api.SinkProcessor;
import io.flafka.api.Source;
import io.flafka.api.Status;
import io.flafka.api.Transaction;
import io.flafka.api.config.ConfigDef;
import io.flafka.api.config.ConfigKey;
import io.flafka.api.config.Validators;
import io.flafka.core.registry.ComponentRegistry;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Small providers for configuration tests. Type names are distinctive ({@code test-...}) and carry no
 * Flume aliases, so they never collide with the real providers. The defaults the grammar needs
 * ({@code replicating}, {@code default}) exist only in registries built with {@link #registry()}.
 */
public final class TestProviders {
    private TestProviders() {
    }

    /** Every test provider. */
    public static List<ComponentProvider<?>> all() {
        return List.of(new MemoryChannel(), new SeqSource(), new NetcatSource(), new LoggerSink(), new TagInterceptor(),
                new Replicating(), new Multiplexing(), new DefaultProcessor(), new Failover());
    }

    public static ComponentRegistry registry() {
        return ComponentRegistry.of(all());
    }

    abstract static class Base<T> implements ComponentProvider<T> {
        private final ComponentKind kind;
        private final String type;
        private final ConfigDef def;

        Base(ComponentKind kind, String type, ConfigDef def) {
            this.kind = kind;
            this.type = type;
            this.def = def;
        }

        @Override
        public ComponentKind kind() {
            return kind;
        }

        @Override
        public String type() {
            return type;
        }

        @Override
        public String description() {
            return "Test " + type + ".";
        }

        @Override
        public ConfigDef configDef() {
            return def;
        }
    }

    public static final class MemoryChannel extends Base<Channel> {
        static final ConfigKey<Integer> CAPACITY = ConfigKey.intKey("capacity").defaultValue(100)
                .validator(Validators.atLeast(1)).doc("Maximum number of events held.").build();
        static final ConfigKey<Integer> TX = ConfigKey.intKey("transactionCapacity").defaultValue(100)
                .validator(Validators.atLeast(1)).doc("Most events in one transaction.").build();
        static final ConfigKey<Long> BYTES = ConfigKey.longKey("byteCapacity").deprecated("byte.capacity")
                .doc("Bytes held.").build();

        public MemoryChannel() {
            super(ComponentKind.CHANNEL, "test-memory", ConfigDef.builder().keys(CAPACITY, TX, BYTES)
                    .transactionCapacityKey("transactionCapacity").ignore("keep-alive", "puts never wait here")
                    .build());
        }

        @Override
        public Channel create(ComponentContext context) {
            return () -> {
                throw new UnsupportedOperationException("test channel");
            };
        }
    }

    public static final class SeqSource extends Base<Source> {
        static final ConfigKey<Integer> BATCH = ConfigKey.intKey("batchSize").defaultValue(100)
                .validator(Validators.atLeast(1)).doc("Events per batch.").build();
        static final ConfigKey<Long> TOTAL = ConfigKey.longKey("totalEvents").defaultValue(Long.MAX_VALUE)
                .doc("Events to make.").build();

        public SeqSource() {
            super(ComponentKind.SOURCE, "test-seq", ConfigDef.builder().keys(BATCH, TOTAL).batchSizeKey("batchSize")
                    .build());
        }

        @Override
        public Source create(ComponentContext context) {
            return new NoSource();
        }
    }

    public static final class NetcatSource extends Base<Source> {
        static final ConfigKey<String> BIND = ConfigKey.stringKey("bind").required().doc("Address. Listens here.")
                .build();
        static final ConfigKey<Integer> PORT = ConfigKey.intKey("port").required()
                .validator(Validators.between(1, 65535)).doc("Port.").build();

        public NetcatSource() {
            super(ComponentKind.SOURCE, "test-netcat", ConfigDef.of(BIND, PORT));
        }

        @Override
        public Source create(ComponentContext context) {
            return new NoSource();
        }
    }

    public static final class LoggerSink extends Base<Sink> {
        static final ConfigKey<Integer> BATCH = ConfigKey.intKey("batchSize").defaultValue(100)
                .validator(Validators.atLeast(1)).doc("Events per batch.").build();
        static final ConfigKey<String> PASSWORD = ConfigKey.passwordKey("password").doc("A secret.").build();

        public LoggerSink() {
            super(ComponentKind.SINK, "test-logger", ConfigDef.builder().keys(BATCH, PASSWORD)
                    .batchSizeKey("batchSize").prefix("extra.", "Passed | through.")
                    .refuse("zookeeperConnect", "ZooKeeper is gone; use bootstrap servers").build());
        }

        @Override
        public Sink create(ComponentContext context) {
            return new Sink() {
                @Override
                public void start(Channel channel) {
                }

                @Override
                public Status process() {
                    return Status.BACKOFF;
                }

                @Override
                public void stop() {
                }
            };
        }
    }

    public static final class TagInterceptor extends Base<Interceptor> {
        static final ConfigKey<String> HEADER = ConfigKey.stringKey("header").defaultValue("tag").doc("Header.")
                .build();
        static final ConfigKey<String> VALUE = ConfigKey.stringKey("value").defaultValue("x").doc("Value.").build();

        public TagInterceptor() {
            super(ComponentKind.INTERCEPTOR, "test-tag", ConfigDef.of(HEADER, VALUE));
        }

        @Override
        public Interceptor create(ComponentContext context) {
            String h = context.config().get(HEADER);
            String v = context.config().get(VALUE);
            return e -> {
                e.header(h, v);
                return e;
            };
        }
    }

    public static final class Replicating extends Base<ChannelSelector> {
        static final ConfigKey<List<String>> OPTIONAL = ConfigKey.listKey("optional").defaultValue(List.of())
                .doc("Best-effort channels.").build();

        public Replicating() {
            super(ComponentKind.SELECTOR, "replicating", ConfigDef.of(OPTIONAL));
        }

        @Override
        public ChannelSelector create(ComponentContext context) {
            return new NoSelector();
        }
    }

    public static final class Multiplexing extends Base<ChannelSelector> {
        static final ConfigKey<String> HEADER = ConfigKey.stringKey("header").defaultValue("flume.selector.header")
                .doc("Header routed on.").build();
        static final ConfigKey<List<String>> DEFAULT = ConfigKey.listKey("default").defaultValue(List.of())
                .doc("Channels for unmapped values.").build();

        public Multiplexing() {
            super(ComponentKind.SELECTOR, "test-multiplexing", ConfigDef.builder().keys(HEADER, DEFAULT)
                    .prefix("mapping.", "Value to channels.").prefix("optional.", "Value to optional channels.")
                    .build());
        }

        @Override
        public ChannelSelector create(ComponentContext context) {
            return new NoSelector();
        }
    }

    public static final class DefaultProcessor extends Base<SinkProcessor> {
        public DefaultProcessor() {
            super(ComponentKind.SINK_PROCESSOR, "default", ConfigDef.of());
        }

        @Override
        public SinkProcessor create(ComponentContext context) {
            return new NoProcessor();
        }
    }

    public static final class Failover extends Base<SinkProcessor> {
        static final ConfigKey<Long> MAX_PENALTY = ConfigKey.longKey("maxpenalty").defaultValue(30_000L)
                .doc("Longest back-off.").build();

        public Failover() {
            super(ComponentKind.SINK_PROCESSOR, "test-failover", ConfigDef.builder().key(MAX_PENALTY)
                    .prefix("priority.", "Sink priority.").build());
        }

        @Override
        public SinkProcessor create(ComponentContext context) {
            return new NoProcessor();
        }
    }

    static final class NoSource implements Source {
        @Override
        public void start(ChannelProcessor processor) {
        }

        @Override
        public void stop() {
        }
    }

    static final class NoSelector implements ChannelSelector {
        @Override
        public void initialize(Map<String, Channel> channels) {
        }

        @Override
        public Routing route(List<Event> events) {
            return new Routing(Map.of(), Map.of());
        }
    }

    static final class NoProcessor implements SinkProcessor {
        @Override
        public void initialize(Map<String, Sink> sinks) {
        }

        @Override
        public Status process() {
            return Status.BACKOFF;
        }
    }

    /** A channel provider with a chosen type and aliases, for collision tests. */
    public static ComponentProvider<Channel> channel(String type, String... aliases) {
        return new Base<Channel>(ComponentKind.CHANNEL, type, ConfigDef.of()) {
            @Override
            public Set<String> aliases() {
                return Set.of(aliases);
            }

            @Override
            public Channel create(ComponentContext context) {
                return () -> (Transaction) null;
            }
        };
    }
}
