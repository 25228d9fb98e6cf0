package io.flafka.bench.e2e;

import io.flafka.core.config.LoadResult;
import io.flafka.core.metrics.CounterRegistry;
import io.flafka.core.runtime.Agent;
import java.nio.file.Path;
import java.util.Locale;

/**
 * Scenarios a-f: an in-process agent per scenario, then the check that every event arrived once. With a
 * warm-up, each of a-e first runs unmeasured on fewer events (its own groups, topics and directories), as the
 * raw clients it is compared with are warmed up before the first baseline.
 */
final class AgentScenarios {
    private final Scenarios.Env env;
    private final int batch;
    /** "" or "-warm": keeps the warm-up's groups, topics and directories apart from the measured run's. */
    private final String tag;
    /** The same scenarios with fewer events, run (unmeasured) before each measured one; or null. */
    private final AgentScenarios warm;
    private long lastLaunchToFirstNanos = -1;
    private long firstLaunchToFirstNanos = -1;

    /**
     * @param warmupEvents when positive, each scenario first runs once with this many events, unmeasured, so
     *     that the JIT has compiled its path before the measured run (the raw clients are warm too)
     */
    AgentScenarios(Scenarios.Env env, int batch, long warmupEvents) {
        this(env, batch, "", warmupEvents <= 0 ? null
                : new AgentScenarios(IngestScenarios.withEvents(env, Math.min(warmupEvents, env.events())), batch,
                        "-warm", null));
    }

    private AgentScenarios(Scenarios.Env env, int batch, String tag, AgentScenarios warm) {
        this.env = env;
        this.batch = (int) Math.max(1, Math.min(batch, env.events()));
        this.tag = tag;
        this.warm = warm;
    }

    /** Repetition {@code n} (1-based) of the measured runs: the first is this; later ones have their own names. */
    AgentScenarios repetition(int n) {
        return n <= 1 ? this : new AgentScenarios(env, batch, "-r" + n, null);
    }

    /** Launch to the first committed batch of the measured run of a. */
    long lastLaunchToFirstNanos() {
        return lastLaunchToFirstNanos;
    }

    /** Launch to the first committed batch of the first agent this runner started (cold code), or -1. */
    long coldLaunchToFirstNanos() {
        return warm != null && warm.firstLaunchToFirstNanos >= 0 ? warm.firstLaunchToFirstNanos
                : firstLaunchToFirstNanos;
    }

    private int batch() {
        return batch;
    }

    private interface Step {
        Result run(AgentScenarios s) throws Exception;
    }

    private void warmUp(Step step) throws Exception {
        if (warm != null) {
            step.run(warm);
            Meter.settle();
        }
    }

    /** (a) Kafka source -> memory -> null sink. The null sink keeps nothing: counts are checked. */
    Result kafkaToNull() throws Exception {
        warmUp(AgentScenarios::kafkaToNull);
        AgentRun run = AgentRun.run(env, Scenarios.kafkaToNull(env, batch(), "bench-a" + tag), true, null);
        lastLaunchToFirstNanos = run.firstNanos;
        if (firstLaunchToFirstNanos < 0) {
            firstLaunchToFirstNanos = run.firstNanos;
        }
        return run.result("a", "kafka src -> memory -> null", env, "raw-c", counts(run),
                String.format(Locale.ROOT, "launch->first batch %.0f ms (start() %.0f ms)", run.firstNanos / 1e6,
                        run.startCallNanos / 1e6));
    }

    /** (b) Kafka source -> memory -> file_roll; the files are read back. */
    Result kafkaToFileRoll() throws Exception {
        warmUp(AgentScenarios::kafkaToFileRoll);
        Path dir = env.dir("file_roll" + tag);
        AgentRun run = AgentRun.run(env, Scenarios.kafkaToFileRoll(env, batch(), "bench-b" + tag, dir), true, null);
        Verification v = FileRollCheck.check(dir, env.events(), env.bodies().size());
        String note = String.format(Locale.ROOT, "%d MB in files", FileRollCheck.totalBytes(dir) / 1_000_000);
        BenchmarkRunner.deleteRecursively(dir);
        return run.result("b", "kafka src -> memory -> file_roll", env, "raw-c", v, note);
    }

    /** (c) Kafka source + timestamp + regex_filter -> memory -> Kafka sink; the output topic is read back. */
    Result kafkaToKafka() throws Exception {
        warmUp(AgentScenarios::kafkaToKafka);
        String out = "out-c" + tag;
        env.createTopic(out);
        AgentRun run = AgentRun.run(env, Scenarios.kafkaToKafka(env, batch(), "bench-c" + tag, out), true, null);
        return run.result("c", "kafka src +ts +regex_filter -> memory -> kafka sink", env, "raw-p",
                readBack(out), "");
    }

    /** (d) netcat (client thread, ack-every-event=false) -> memory -> Kafka sink. */
    Result netcatToKafka() throws Exception {
        warmUp(AgentScenarios::netcatToKafka);
        String out = "out-d" + tag;
        env.createTopic(out);
        int port = Scenarios.freePort();
        NetcatClient client = new NetcatClient(port, env.events(), env.bodies());
        AgentRun run = AgentRun.run(env, Scenarios.netcatToKafka(env, batch(), port, out), true, client);
        if (client.failure() != null) {
            throw new IllegalStateException("netcat client failed", client.failure());
        }
        return run.result("d", "netcat -> memory -> kafka sink", env, "raw-p", readBack(out),
                String.format(Locale.ROOT, "client thread cpu %.2f s excluded", client.cpuNanos() / 1e9),
                client.cpuNanos());
    }

    /** (e) Kafka channel on the input topic (no source) -> null sink. */
    Result kafkaChannelToNull() throws Exception {
        warmUp(AgentScenarios::kafkaChannelToNull);
        AgentRun run = AgentRun.run(env, Scenarios.kafkaChannelToNull(env, batch(), "bench-e" + tag), false, null);
        return run.result("e", "kafka channel -> null", env, "raw-c", counts(run), "");
    }

    /** (f) the latency pipeline, running while {@code bench} measures lat-in -> lat-out. */
    LatencyBench.Latency latency(LatencyBench bench, String title) throws Exception {
        LoadResult config = env.load(Scenarios.latencyPipeline(env, "lat-in", "lat-out"));
        try (Agent agent = new Agent(config.spec(), new CounterRegistry())) {
            agent.start();
            return bench.measure(title, "lat-in", "lat-out");
        }
    }

    private Verification counts(AgentRun run) {
        return Verification.nullSink(env.events(), run.accepted, run.drained);
    }

    private Verification readBack(String topic) {
        return SeqCheck.ofTopic(env.bootstrap(), topic, env.events());
    }
}
