package io.flafka.core.runtime;

import static io.flafka.core.runtime.TestComponents.DROP;
import static io.flafka.core.runtime.TestComponents.ROUND_ROBIN;
import static io.flafka.core.runtime.TestComponents.collectingSink;
import static io.flafka.core.runtime.TestComponents.countingSource;
import static io.flafka.core.runtime.TestComponents.failingSink;
import static io.flafka.core.runtime.TestComponents.flakyStartSink;
import static io.flafka.core.runtime.TestComponents.memory;
import static io.flafka.core.runtime.TestComponents.queue;
import static io.flafka.core.runtime.TestComponents.replicating;
import static io.flafka.core.runtime.TestComponents.source;
import static io.flafka.core.runtime.TestComponents.spec;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.flafka.api.ComponentKind;
import io.flafka.api.Event;
import io.flafka.api.Source;
import io.flafka.api.Transaction;
import io.flafka.api.config.ConfigException;
import io.flafka.api.metrics.ChannelCounter;
import io.flafka.api.metrics.SinkCounter;
import io.flafka.api.metrics.SourceCounter;
import io.flafka.core.config.AgentSpec;
import io.flafka.core.config.ComponentSpec;
import io.flafka.core.config.SinkGroupSpec;
import io.flafka.core.metrics.CounterRegistry;
import io.flafka.core.runtime.TestComponents.CountingSource;
import io.flafka.core.runtime.TestComponents.Factory;
import io.flafka.core.runtime.TestComponents.SpecBuilder;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class AgentTest {
    private static final Duration WAIT = Duration.ofSeconds(60);

    private final CounterRegistry registry = new CounterRegistry();
    private final List<Agent> agents = new ArrayList<>();

    @AfterEach
    void stopAgents() {
        agents.forEach(Agent::stop);
    }

    private Agent start(AgentSpec spec) {
        Agent a = new Agent(spec, registry);
        agents.add(a);
        a.start();
        return a;
    }

    private static ComponentSpec counting(Factory f, String name, long total) {
        return spec(name, f, Map.of("total", Long.toString(total), "batch", "100"));
    }

    private static Set<String> expected(String prefix, long n) {
        Set<String> out = new HashSet<>();
        for (long i = 0; i < n; i++) {
            out.add(prefix + i);
        }
        return out;
    }

    @Test
    void pollableSourceThroughMemoryChannelDeliversExactlyN() {
        int n = 20_000;
        Queue<String> got = queue();
        Agent agent = start(new SpecBuilder()
                .channel(memory("c1", 1000, 100))
                .source(source(counting(countingSource(), "r1", n), List.of("c1"), replicating("r1", "")))
                .sink(spec("k1", collectingSink(got), Map.of("batch", "100")), "c1")
                .build());
        await().atMost(WAIT).until(() -> got.size() >= n);
        assertThat(agent.runnerThread("r1").getName()).isEqualTo("source-r1");
        assertThat(agent.runnerThread("k1").getName()).isEqualTo("sink-k1");
        agent.stop();
        assertThat(got).hasSize(n);
        assertThat(new HashSet<>(got)).isEqualTo(expected("r1-", n));
        assertThat(registry.source("r1").get(SourceCounter.EVENT_ACCEPTED)).isEqualTo(n);
        assertThat(registry.source("r1").get(SourceCounter.EVENT_RECEIVED)).isEqualTo(n);
        ChannelCounter c1 = registry.channel("c1");
        assertThat(c1.get(ChannelCounter.PUT_SUCCESS)).isEqualTo(n);
        assertThat(c1.get(ChannelCounter.TAKE_SUCCESS)).isEqualTo(n);
        assertThat(c1.get(ChannelCounter.CHANNEL_SIZE)).isZero();
        assertThat(c1.get(ChannelCounter.CHANNEL_CAPACITY)).isEqualTo(1000);
        assertThat(c1.startTime()).isPositive();
        assertThat(c1.stopTime()).isPositive();
        assertThat(registry.sink("k1").get(SinkCounter.DRAIN_SUCCESS)).isEqualTo(n);
    }

    @Test
    void gracefulStopDrainsTheMemoryChannel() {
        Queue<String> got = queue();
        Factory sources = countingSource();
        Agent agent = start(new SpecBuilder()
                .channel(memory("c1", 2000, 100))
                .source(source(counting(sources, "r1", -1), List.of("c1"), replicating("r1", "")))
                // A slow sink, so the channel holds a backlog when stop begins.
                .sink(spec("k1", collectingSink(got), Map.of("batch", "20", "pauseMs", "1")), "c1")
                .build());
        await().atMost(WAIT).until(() -> got.size() >= 500);
        agent.stop();
        long accepted = registry.source("r1").get(SourceCounter.EVENT_ACCEPTED);
        assertThat(accepted).isGreaterThanOrEqualTo(500);
        assertThat(got).hasSize((int) accepted);
        assertThat(new HashSet<>(got)).isEqualTo(expected("r1-", accepted));
        assertThat(registry.channel("c1").get(ChannelCounter.CHANNEL_SIZE)).isZero();
        assertThat(((CountingSource) sources.made.get(0)).stopped).isTrue();
    }

    @Test
    void failingSinkIsRetriedAndCountedWhileOthersRun() {
        AtomicInteger attempts = new AtomicInteger();
        Queue<String> got = queue();
        int n = 5_000;
        Agent agent = start(new SpecBuilder()
                .channel(memory("c1", 1000, 100, 0))
                .channel(memory("c2", 1000, 100))
                .source(source(counting(countingSource(), "r1", -1), List.of("c1"), replicating("r1", "")))
                .source(source(counting(countingSource(), "r2", n), List.of("c2"), replicating("r2", "")))
                .sink(spec("k1", failingSink(attempts)), "c1")
                .sink(spec("k2", collectingSink(got)), "c2")
                .build());
        await().atMost(WAIT).until(() -> registry.sink("k1").get(Agent.PROCESS_FAIL) >= 3 && got.size() >= n);
        assertThat(attempts.get()).isGreaterThanOrEqualTo(3);
        assertThat(agent.runnerThread("k1").isAlive()).isTrue();
        assertThat(agent.runnerThread("r1").isAlive()).isTrue();
        // r1 keeps trying: its channel fills up and the processor reports the full channel.
        await().atMost(WAIT).until(() -> registry.source("r1").get(SourceCounter.CHANNEL_WRITE_FAIL) >= 1);
        assertThat(registry.source("r1").get(Agent.PROCESS_FAIL)).isZero();
        assertThat(new HashSet<>(got)).isEqualTo(expected("r2-", n));
        // Stop gives up draining c1 (its only sink keeps failing) after the drain timeout.
        System.setProperty(Agent.DRAIN_TIMEOUT_PROPERTY, "200");
        try {
            agent.stop();
        } finally {
            System.clearProperty(Agent.DRAIN_TIMEOUT_PROPERTY);
        }
        assertThat(agent.runnerThread("k1").isAlive()).isFalse();
        assertThat(agent.runnerThread("r1").isAlive()).isFalse();
    }

    @Test
    void componentWhoseStartFailsIsRetried() {
        AtomicInteger failuresLeft = new AtomicInteger(2);
        Queue<String> got = queue();
        int n = 1_000;
        Agent agent = start(new SpecBuilder()
                .channel(memory("c1", 2000, 100))
                .source(source(counting(countingSource(), "r1", n), List.of("c1"), replicating("r1", "")))
                .sink(spec("k1", flakyStartSink(got, failuresLeft)), "c1")
                .build());
        await().atMost(WAIT).until(() -> got.size() >= n);
        assertThat(failuresLeft.get()).isNegative();
        assertThat(agent.isRunning("k1")).isTrue();
        assertThat(new HashSet<>(got)).isEqualTo(expected("r1-", n));
    }

    @Test
    void failingSourceStartIsRetriedWithoutStoppingTheOthers() {
        AtomicInteger failuresLeft = new AtomicInteger(2);
        Factory flaky = new Factory(ComponentKind.SOURCE, "test-flaky-source", ctx -> new CountingSource(ctx) {
            @Override
            public void start(io.flafka.api.ChannelProcessor p) {
                if (failuresLeft.getAndDecrement() > 0) {
                    throw new IllegalStateException("test-flaky-source: not yet");
                }
                super.start(p);
            }
        });
        Queue<String> got = queue();
        Agent agent = start(new SpecBuilder()
                .channel(memory("c1", 2000, 100))
                .source(source(counting(flaky, "r1", 300), List.of("c1"), replicating("r1", "")))
                .sink(spec("k1", collectingSink(got)), "c1")
                .build());
        assertThat(agent.isRunning("k1")).isTrue();
        await().atMost(WAIT).until(() -> got.size() >= 300);
        assertThat(flaky.made).hasSizeGreaterThanOrEqualTo(3); // a fresh instance per attempt
        assertThat(new HashSet<>(got)).isEqualTo(expected("r1-", 300));
    }

    @Test
    void reconfigureThatChangesOneSinkKeepsTheSourceRunning() {
        int n = 50_000;
        Queue<String> before = queue();
        Queue<String> after = queue();
        Factory sources = countingSource();
        ComponentSpec r1 = counting(sources, "r1", n);
        AgentSpec v1 = new SpecBuilder()
                .channel(memory("c1", 1000, 100))
                .source(source(r1, List.of("c1"), replicating("r1", "")))
                .sink(spec("k1", collectingSink(before), Map.of("batch", "10", "pauseMs", "1")), "c1")
                .build();
        Agent agent = start(v1);
        await().atMost(WAIT).until(() -> before.size() >= 100);
        Source sourceBefore = agent.sourceInstance("r1");
        Thread sourceThread = agent.runnerThread("r1");
        Thread oldSinkThread = agent.runnerThread("k1");

        AgentSpec v2 = new SpecBuilder()
                .channel(memory("c1", 1000, 100))
                .source(source(r1, List.of("c1"), replicating("r1", "")))
                .sink(spec("k1", collectingSink(after), Map.of("batch", "100")), "c1")
                .build();
        agent.reconfigure(v2);
        assertThat(agent.spec()).isSameAs(v2);
        assertThat(agent.sourceInstance("r1")).isSameAs(sourceBefore);
        assertThat(agent.runnerThread("r1")).isSameAs(sourceThread);
        assertThat(sourceThread.isAlive()).isTrue();
        assertThat(oldSinkThread.isAlive()).isFalse();
        assertThat(agent.runnerThread("k1")).isNotSameAs(oldSinkThread);
        assertThat(sources.made).hasSize(1);

        await().atMost(WAIT).until(() -> before.size() + after.size() >= n);
        assertThat(after).isNotEmpty();
        List<String> all = new ArrayList<>(before);
        all.addAll(after);
        assertThat(all).hasSize(n);
        assertThat(new HashSet<>(all)).isEqualTo(expected("r1-", n));
    }

    @Test
    void reconfigureWithAnEqualSpecRestartsNothing() {
        Queue<String> got = queue();
        Factory sources = countingSource();
        Factory sinks = collectingSink(got);
        java.util.function.Supplier<AgentSpec> v = () -> new SpecBuilder()
                .channel(memory("c1", 1000, 100))
                .source(source(counting(sources, "r1", -1), List.of("c1"), replicating("r1", ""),
                        spec("r1.i1", DROP, Map.of("contains", "never"))))
                .sink(spec("k1", sinks), "c1")
                .build();
        Agent agent = start(v.get());
        await().atMost(WAIT).until(() -> got.size() >= 100);
        Thread r1 = agent.runnerThread("r1");
        Thread k1 = agent.runnerThread("k1");
        agent.reconfigure(v.get());
        assertThat(agent.runnerThread("r1")).isSameAs(r1);
        assertThat(agent.runnerThread("k1")).isSameAs(k1);
        assertThat(sources.made).hasSize(1);
        assertThat(sinks.made).hasSize(1);
        assertThat(r1.isAlive()).isTrue();
        assertThat(k1.isAlive()).isTrue();
    }

    @Test
    void reconfigureAddsRemovesAndRestartsWhatAChangedChannelTouches() {
        Queue<String> k1 = queue();
        Queue<String> k2 = queue();
        Factory sources = countingSource();
        Factory sinks1 = collectingSink(k1);
        Agent agent = start(new SpecBuilder()
                .channel(memory("c1", 1000, 100))
                .source(source(counting(sources, "r1", -1), List.of("c1"), replicating("r1", "")))
                .sink(spec("k1", sinks1), "c1")
                .build());
        await().atMost(WAIT).until(() -> k1.size() >= 100);
        Source oldSource = agent.sourceInstance("r1");

        // c1 grows: it restarts, and with it r1 and k1. k2 and c2 are new.
        agent.reconfigure(new SpecBuilder()
                .channel(memory("c1", 2000, 100))
                .channel(memory("c2", 1000, 100))
                .source(source(counting(sources, "r1", -1), List.of("c1", "c2"), replicating("r1", "")))
                .sink(spec("k1", sinks1), "c1")
                .sink(spec("k2", collectingSink(k2)), "c2")
                .build());
        assertThat(agent.sourceInstance("r1")).isNotSameAs(oldSource);
        assertThat(registry.channel("c1").get(ChannelCounter.CHANNEL_CAPACITY)).isEqualTo(2000);
        await().atMost(WAIT).until(() -> k2.size() >= 100);

        // Remove k2/c2: their counters go, the rest keeps running.
        int k1Before = k1.size();
        agent.reconfigure(new SpecBuilder()
                .channel(memory("c1", 2000, 100))
                .source(source(counting(sources, "r1", -1), List.of("c1"), replicating("r1", "")))
                .sink(spec("k1", sinks1), "c1")
                .build());
        assertThat(agent.isRunning("k2")).isFalse();
        assertThat(registry.all()).doesNotContainKeys("SINK.k2", "CHANNEL.c2");
        await().atMost(WAIT).until(() -> k1.size() > k1Before + 100);
    }

    @Test
    void interceptorDropsAndSelectorRoutesToRequiredAndOptionalChannels() {
        Queue<String> req = queue();
        Queue<String> opt = queue();
        int n = 1_000;
        ComponentSpec r1 = spec("r1", countingSource(), Map.of("total", Integer.toString(n), "dropEvery", "10"));
        start(new SpecBuilder()
                .channel(memory("c1", 1000, 100))
                .channel(memory("c2", 1000, 100))
                .source(source(r1, List.of("c1", "c2"), replicating("r1", "c2"),
                        spec("r1.i1", DROP, Map.of("contains", "drop"))))
                .sink(spec("k1", collectingSink(req)), "c1")
                .sink(spec("k2", collectingSink(opt)), "c2")
                .build());
        Set<String> kept = new HashSet<>();
        for (int i = 0; i < n; i++) {
            if (i % 10 != 0) {
                kept.add("r1-" + i);
            }
        }
        await().atMost(WAIT).until(() -> req.size() >= kept.size() && opt.size() >= kept.size());
        assertThat(new HashSet<>(req)).isEqualTo(kept);
        assertThat(new HashSet<>(opt)).isEqualTo(kept);
        assertThat(req).hasSize(kept.size());
        assertThat(registry.source("r1").get(SourceCounter.EVENT_ACCEPTED)).isEqualTo(n);
    }

    @Test
    void sinkGroupRunsItsSinksThroughItsProcessor() {
        Queue<String> got = queue();
        int n = 2_000;
        Factory sinks = collectingSink(got);
        Agent agent = start(new SpecBuilder()
                .channel(memory("c1", 1000, 100))
                .source(source(counting(countingSource(), "r1", n), List.of("c1"), replicating("r1", "")))
                .sink(spec("k1", sinks), "c1")
                .sink(spec("k2", sinks), "c1")
                .group(new SinkGroupSpec("g1", List.of("k1", "k2"), spec("g1.processor", ROUND_ROBIN)))
                .build());
        await().atMost(WAIT).until(() -> got.size() >= n);
        assertThat(agent.runnerThread("group:g1").getName()).isEqualTo("sinkgroup-g1");
        assertThat(agent.runnerThread("k1")).isNull();
        assertThat(sinks.made).hasSize(2);
        assertThat(new HashSet<>(got)).isEqualTo(expected("r1-", n));
    }

    @Test
    void aSinkIsWokenByItsChannelsPutsWhileItRuns() throws Exception {
        Queue<String> got = queue();
        Factory channels = TestComponents.listenedFactory();
        Agent agent = start(new SpecBuilder()
                .channel(TestComponents.listened("c1", channels))
                .sink(spec("k1", collectingSink(got)), "c1")
                .build());
        TestComponents.ListenedChannel c1 = (TestComponents.ListenedChannel) channels.made.get(0);
        assertThat(c1.listeners).hasSize(1);
        // a put still reaches the sink (that the wake-up cuts its backoff short is RunnerTest's to show: timing)
        try (Transaction tx = c1.begin()) {
            tx.put(Event.ofString("x"));
            tx.commit();
        }
        await().atMost(WAIT).until(() -> got.contains("x"));
        agent.stop();
        assertThat(c1.listeners).isEmpty();
    }

    @Test
    void eventDrivenSourceIsJustStarted() {
        Queue<String> got = queue();
        Factory push = new Factory(ComponentKind.SOURCE, "test-push", TestComponents.PushSource::new);
        Agent agent = start(new SpecBuilder()
                .channel(memory("c1", 1000, 100))
                .source(source(spec("r1", push, Map.of("total", "500")), List.of("c1"), null))
                .sink(spec("k1", collectingSink(got)), "c1")
                .build());
        await().atMost(WAIT).until(() -> got.size() >= 500);
        assertThat(agent.runnerThread("r1")).isNull();
        assertThat(registry.source("r1").get(SourceCounter.EVENT_ACCEPTED)).isEqualTo(500);
    }

    @Test
    void usersOfAChannelWaitForItsStart() {
        java.util.concurrent.atomic.AtomicBoolean allowed = new java.util.concurrent.atomic.AtomicBoolean();
        AtomicInteger failures = new AtomicInteger();
        Factory flakyChannel = new Factory(ComponentKind.CHANNEL, "test-flaky-channel", ctx -> {
            io.flafka.core.channel.MemoryChannel real = io.flafka.core.channel.MemoryChannel.create(ctx);
            return new io.flafka.api.Channel() {
                @Override
                public void start() {
                    if (!allowed.get()) {
                        failures.incrementAndGet();
                        throw new IllegalStateException("test-flaky-channel: not yet");
                    }
                    real.start();
                }

                @Override
                public io.flafka.api.Transaction begin() {
                    return real.begin();
                }

                @Override
                public long size() {
                    return real.size();
                }
            };
        });
        Queue<String> got = queue();
        Agent agent = start(new SpecBuilder()
                .channel(spec("c1", flakyChannel, Map.of()))
                .source(source(counting(countingSource(), "r1", 400), List.of("c1"), replicating("r1", "")))
                .sink(spec("k1", collectingSink(got)), "c1")
                .build());
        await().atMost(WAIT).until(() -> failures.get() >= 2); // retried by the supervisor
        assertThat(agent.isRunning("c1")).isFalse();
        assertThat(agent.isRunning("k1")).isFalse();
        assertThat(agent.isRunning("r1")).isFalse();
        allowed.set(true);
        await().atMost(WAIT).until(() -> got.size() >= 400);
        assertThat(agent.isRunning("c1")).isTrue();
        assertThat(new HashSet<>(got)).isEqualTo(expected("r1-", 400));
    }

    @Test
    void configErrorWhileCreatingStartsNothing() {
        Queue<String> got = queue();
        Agent agent = new Agent(new SpecBuilder()
                .channel(memory("c1", 10, 11))
                .sink(spec("k1", collectingSink(got)), "c1")
                .build(), registry);
        agents.add(agent);
        // memory() parses without the cross check; the provider path refuses it.
        assertThatThrownBy(agent::start).isInstanceOf(ConfigException.class)
                .hasMessageContaining("transactionCapacity");
        assertThat(agent.isRunning("k1")).isFalse();
    }
}
