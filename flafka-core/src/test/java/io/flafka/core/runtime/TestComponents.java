package io.flafka.core.runtime;

import io.flafka.api.Channel;
import io.flafka.api.ChannelException;
import io.flafka.api.ChannelProcessor;
import io.flafka.api.ChannelSelector;
import io.flafka.api.ComponentContext;
import io.flafka.api.ComponentKind;
import io.flafka.api.Event;
import io.flafka.api.EventDeliveryException;
import io.flafka.api.EventDrivenSource;
import io.flafka.api.Interceptor;
import io.flafka.api.PollableSource;
import io.flafka.api.Sink;
import io.flafka.api.SinkProcessor;
import io.flafka.api.Status;
import io.flafka.api.Transaction;
import io.flafka.api.config.Config;
import io.flafka.api.config.ConfigDef;
import io.flafka.api.metrics.SinkCounter;
import io.flafka.api.metrics.SourceCounter;
import io.flafka.core.channel.MemoryChannel;
import io.flafka.core.config.AgentSpec;
import io.flafka.core.config.ComponentSpec;
import io.flafka.core.config.SinkGroupSpec;
import io.flafka.core.config.SinkSpec;
import io.flafka.core.config.SourceSpec;
import io.flafka.core.registry.ComponentFactory;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Small components for runtime tests, wired through test factories (never registered with
 * ServiceLoader). Type names start with {@code test-}.
 */
final class TestComponents {
    private TestComponents() {
    }

    @FunctionalInterface
    interface Maker {
        Object make(ComponentContext ctx) throws Exception;
    }

    /** A factory that makes instances with a lambda; remembers what it made. */
    static final class Factory implements ComponentFactory {
        private final ComponentKind kind;
        private final String typeName;
        private final Maker maker;
        final List<Object> made = new CopyOnWriteArrayList<>();

        Factory(ComponentKind kind, String typeName, Maker maker) {
            this.kind = kind;
            this.typeName = typeName;
            this.maker = maker;
        }

        @Override
        public ComponentKind kind() {
            return kind;
        }

        @Override
        public String typeName() {
            return typeName;
        }

        @Override
        public ConfigDef configDef() {
            return ConfigDef.open();
        }

        @Override
        public Object create(ComponentContext context) throws Exception {
            Object o = maker.make(context);
            made.add(o);
            return o;
        }
    }

    static ComponentSpec spec(String name, ComponentFactory f, Map<String, String> raw) {
        return new ComponentSpec(name, f.kind(), f.typeName(), raw, Config.ofRaw(raw), f);
    }

    static ComponentSpec spec(String name, ComponentFactory f) {
        return spec(name, f, Map.of());
    }

    // ---- channels ---------------------------------------------------------------------------------

    static final Factory MEMORY = new Factory(ComponentKind.CHANNEL, "memory", MemoryChannel::create);

    static ComponentSpec memory(String name, int capacity, int txCapacity) {
        return memory(name, capacity, txCapacity, 3);
    }

    static ComponentSpec memory(String name, int capacity, int txCapacity, int keepAliveSeconds) {
        Map<String, String> raw = new LinkedHashMap<>();
        raw.put("capacity", Integer.toString(capacity));
        raw.put("transactionCapacity", Integer.toString(txCapacity));
        raw.put("keep-alive", Integer.toString(keepAliveSeconds));
        return new ComponentSpec(name, ComponentKind.CHANNEL, "memory", raw,
                Config.parse(MemoryChannel.CONFIG_DEF, raw), MEMORY);
    }

    /** A memory channel that also keeps the put listeners registered on it, for tests to look at. */
    static final class ListenedChannel implements Channel {
        private final Channel inner;
        final Set<Runnable> listeners = ConcurrentHashMap.newKeySet();

        ListenedChannel(Channel inner) {
            this.inner = inner;
        }

        @Override
        public Transaction begin() {
            return inner.begin();
        }

        @Override
        public void start() throws Exception {
            inner.start();
        }

        @Override
        public void stop() {
            inner.stop();
        }

        @Override
        public void addPutListener(Runnable listener) {
            listeners.add(listener);
            inner.addPutListener(listener);
        }

        @Override
        public void removePutListener(Runnable listener) {
            listeners.remove(listener);
            inner.removePutListener(listener);
        }
    }

    static Factory listenedFactory() {
        return new Factory(ComponentKind.CHANNEL, "test-listened", ctx -> new ListenedChannel(MemoryChannel.create(ctx)));
    }

    static ComponentSpec listened(String name, Factory f) {
        Map<String, String> raw = Map.of("capacity", "1000", "transactionCapacity", "100");
        return new ComponentSpec(name, ComponentKind.CHANNEL, "test-listened", raw,
                Config.parse(MemoryChannel.CONFIG_DEF, raw), f);
    }

    /** A channel whose put commits always fail. */
    static final class BrokenChannel implements Channel {
        final AtomicInteger begun = new AtomicInteger();
        final AtomicInteger commits = new AtomicInteger();
        final AtomicInteger closed = new AtomicInteger();

        @Override
        public Transaction begin() {
            begun.incrementAndGet();
            return new Transaction() {
                @Override
                public void put(Event event) {
                }

                @Override
                public Event take() {
                    return null;
                }

                @Override
                public void commit() {
                    commits.incrementAndGet();
                    throw new ChannelException("test-broken channel refuses commits");
                }

                @Override
                public void rollback() {
                }

                @Override
                public void close() {
                    closed.incrementAndGet();
                }
            };
        }
    }

    // ---- sources ----------------------------------------------------------------------------------

    /**
     * Emits {@code total} events ({@code -1}: forever) named {@code <prefix><seq>} in batches of
     * {@code batch}; keeps a failed batch and retries it. Optional body {@code <prefix>drop<seq>} every
     * {@code dropEvery} events, for interceptor tests.
     */
    static class CountingSource implements PollableSource {
        final String prefix;
        final long total;
        final int batch;
        final int dropEvery;
        final SourceCounter counter;
        volatile ChannelProcessor processor;
        volatile long emitted;
        volatile boolean stopped;
        private List<Event> pending;

        CountingSource(ComponentContext ctx) {
            this.prefix = ctx.config().getString("prefix", ctx.name() + "-");
            this.total = ctx.config().getLong("total", -1);
            this.batch = ctx.config().getInt("batch", 100);
            this.dropEvery = ctx.config().getInt("dropEvery", 0);
            this.counter = ctx.counters(SourceCounter.class);
        }

        @Override
        public void start(ChannelProcessor p) {
            processor = p;
        }

        @Override
        public Status process() {
            if (pending == null) {
                long left = total < 0 ? batch : Math.min(batch, total - emitted);
                if (left <= 0) {
                    return Status.BACKOFF;
                }
                pending = new ArrayList<>((int) left);
                for (long i = 0; i < left; i++) {
                    long seq = emitted + i;
                    boolean drop = dropEvery > 0 && seq % dropEvery == 0;
                    pending.add(Event.ofString(prefix + (drop ? "drop" : "") + seq));
                }
                counter.eventsReceived(left);
            }
            processor.processBatch(new ArrayList<>(pending));
            emitted += pending.size();
            pending = null;
            return Status.READY;
        }

        @Override
        public void stop() {
            stopped = true;
        }
    }

    static Factory countingSource() {
        return new Factory(ComponentKind.SOURCE, "test-counting", CountingSource::new);
    }

    /** An event-driven source that pushes {@code total} events from its own thread. */
    static final class PushSource implements EventDrivenSource {
        final long total;
        private Thread thread;
        private volatile boolean stopped;

        PushSource(ComponentContext ctx) {
            total = ctx.config().getLong("total", 100);
        }

        @Override
        public void start(ChannelProcessor processor) {
            thread = new Thread(() -> {
                long i = 0;
                while (i < total && !stopped) {
                    try {
                        processor.process(Event.ofString("push-" + i));
                        i++;
                    } catch (ChannelException e) {
                        Thread.onSpinWait();
                    }
                }
            }, "test-push");
            thread.start();
        }

        @Override
        public void stop() {
            stopped = true;
            try {
                thread.join(10_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    // ---- sinks ------------------------------------------------------------------------------------

    /** Takes batches and records the bodies; {@code pauseMs} sleeps after each batch. */
    static class CollectingSink implements Sink {
        final Queue<String> into;
        final int batch;
        final long pauseMs;
        final SinkCounter counter;
        volatile Channel channel;

        CollectingSink(ComponentContext ctx, Queue<String> into) {
            this.into = into;
            this.batch = ctx.config().getInt("batch", 100);
            this.pauseMs = ctx.config().getLong("pauseMs", 0);
            this.counter = ctx.counters(SinkCounter.class);
        }

        @Override
        public void start(Channel ch) {
            channel = ch;
        }

        @Override
        public Status process() throws InterruptedException {
            List<Event> got = new ArrayList<>(batch);
            try (Transaction tx = channel.begin()) {
                tx.take(batch, got);
                counter.batchTaken(got.size(), batch);
                for (Event e : got) {
                    into.add(e.bodyAsString());
                }
                tx.commit();
            }
            counter.add(SinkCounter.DRAIN_SUCCESS, got.size());
            if (pauseMs > 0 && !got.isEmpty()) {
                Thread.sleep(pauseMs);
            }
            return got.isEmpty() ? Status.BACKOFF : Status.READY;
        }

        @Override
        public void stop() {
        }
    }

    static Factory collectingSink(Queue<String> into) {
        return new Factory(ComponentKind.SINK, "test-collecting", ctx -> new CollectingSink(ctx, into));
    }

    /** A collecting sink whose first {@code failures} starts throw. */
    static Factory flakyStartSink(Queue<String> into, AtomicInteger failuresLeft) {
        return new Factory(ComponentKind.SINK, "test-flaky-start", ctx -> new CollectingSink(ctx, into) {
            @Override
            public void start(Channel ch) {
                if (failuresLeft.getAndDecrement() > 0) {
                    throw new IllegalStateException("test-flaky-start: not yet");
                }
                super.start(ch);
            }
        });
    }

    /** Takes a batch, then fails (rolling back) every time. */
    static final class FailingSink implements Sink {
        final AtomicInteger attempts;
        volatile Channel channel;

        FailingSink(AtomicInteger attempts) {
            this.attempts = attempts;
        }

        @Override
        public void start(Channel ch) {
            channel = ch;
        }

        @Override
        public Status process() throws EventDeliveryException {
            attempts.incrementAndGet();
            try (Transaction tx = channel.begin()) {
                tx.take(10, new ArrayList<>());
                throw new EventDeliveryException("test-failing sink: downstream is down");
            }
        }

        @Override
        public void stop() {
        }
    }

    static Factory failingSink(AtomicInteger attempts) {
        return new Factory(ComponentKind.SINK, "test-failing", ctx -> new FailingSink(attempts));
    }

    // ---- selectors, interceptors, processors --------------------------------------------------------

    /** Every event to every channel; channels listed in {@code optional} are optional. */
    static final class ReplicatingSelector implements ChannelSelector {
        final Set<String> optional;
        private List<String> names = List.of();

        ReplicatingSelector(ComponentContext ctx) {
            optional = Set.copyOf(ConfigDef.splitList(ctx.config().getString("optional", "")));
        }

        @Override
        public void initialize(Map<String, Channel> channels) {
            names = List.copyOf(channels.keySet());
        }

        @Override
        public Routing route(List<Event> events) {
            Map<String, List<Event>> req = new LinkedHashMap<>();
            Map<String, List<Event>> opt = new LinkedHashMap<>();
            for (String n : names) {
                (optional.contains(n) ? opt : req).put(n, events);
            }
            return new Routing(req, opt);
        }
    }

    static final Factory REPLICATING = new Factory(ComponentKind.SELECTOR, "test-replicating", ReplicatingSelector::new);

    static ComponentSpec replicating(String source, String optional) {
        return spec(source + ".selector", REPLICATING, optional.isEmpty() ? Map.of() : Map.of("optional", optional));
    }

    /** Drops events whose body contains {@code contains}. */
    static final class DropInterceptor implements Interceptor {
        final String contains;

        DropInterceptor(ComponentContext ctx) {
            contains = ctx.config().getString("contains", "drop");
        }

        @Override
        public Event intercept(Event event) {
            return event.bodyAsString().contains(contains) ? null : event;
        }
    }

    static final Factory DROP = new Factory(ComponentKind.INTERCEPTOR, "test-drop", DropInterceptor::new);

    /** Round-robin over the group's sinks; fails only when every sink failed. */
    static final class RoundRobinProcessor implements SinkProcessor {
        private List<Sink> sinks = List.of();
        private int next;

        @Override
        public void initialize(Map<String, Sink> map) {
            sinks = SinkProcessor.valuesOf(map);
        }

        @Override
        public Status process() throws Exception {
            Exception last = null;
            for (int i = 0; i < sinks.size(); i++) {
                Sink s = sinks.get(next++ % sinks.size());
                try {
                    return s.process();
                } catch (Exception e) {
                    last = e;
                }
            }
            throw last;
        }
    }

    static final Factory ROUND_ROBIN = new Factory(ComponentKind.SINK_PROCESSOR, "test-round-robin",
            ctx -> new RoundRobinProcessor());

    // ---- specs ------------------------------------------------------------------------------------

    static SourceSpec source(ComponentSpec component, List<String> channels, ComponentSpec selector,
                             ComponentSpec... interceptors) {
        return new SourceSpec(component, channels, selector, List.of(interceptors));
    }

    /** Builds an AgentSpec {@code a1}. */
    static final class SpecBuilder {
        final Map<String, SourceSpec> sources = new LinkedHashMap<>();
        final Map<String, ComponentSpec> channels = new LinkedHashMap<>();
        final Map<String, SinkSpec> sinks = new LinkedHashMap<>();
        final Map<String, SinkGroupSpec> groups = new LinkedHashMap<>();

        SpecBuilder channel(ComponentSpec c) {
            channels.put(c.name(), c);
            return this;
        }

        SpecBuilder source(SourceSpec s) {
            sources.put(s.name(), s);
            return this;
        }

        SpecBuilder sink(ComponentSpec k, String channel) {
            sinks.put(k.name(), new SinkSpec(k, channel));
            return this;
        }

        SpecBuilder group(SinkGroupSpec g) {
            groups.put(g.name(), g);
            return this;
        }

        AgentSpec build() {
            return new AgentSpec("a1", sources, channels, sinks, groups);
        }
    }

    static Queue<String> queue() {
        return new ConcurrentLinkedQueue<>();
    }
}
