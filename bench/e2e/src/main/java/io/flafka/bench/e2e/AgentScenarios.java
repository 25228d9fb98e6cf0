package io.flafka.bench.e2e;

import io.flafka.core.metrics.CounterRegistry;
import io.flafka.core.runtime.Agent;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Scenarios a-f: an agent per scenario (in the scenario's own JVM unless the runner's is shared), then the
 * check that every event arrived once. With a warm-up, each of a-e first runs unmeasured on fewer events (its
 * own groups, topics and directories), as the raw clients it is compared with are warmed up before the first
 * baseline.
 */
final class AgentScenarios {
    /** The agent JVM f runs in: c's (the same components), kept for it. */
    static final String LATENCY_JVM = "c";

    private final Scenarios.Env env;
    private final int batch;
    /** "", "-warm", "-warm2"...: keeps the warm-ups' groups, topics and directories apart from the measured run's. */
    private final String tag;
    /** The same scenarios with fewer events, run (unmeasured) before each measured one; empty for none. */
    private final List<AgentScenarios> warm;
    private long lastLaunchToFirstNanos = -1;
    private long firstLaunchToFirstNanos = -1;

    /**
     * @param warmupEvents when positive, each scenario first runs {@code warmupRuns} times with this many events,
     *     unmeasured, so that the JIT has compiled its path before the measured run (the raw clients are warm too)
     */
    AgentScenarios(Scenarios.Env env, int batch, long warmupEvents, int warmupRuns) {
        this(env, batch, "", new ArrayList<>());
        for (int i = 1; warmupEvents > 0 && i <= warmupRuns; i++) {
            warm.add(new AgentScenarios(IngestScenarios.withEvents(env, Math.min(warmupEvents, env.events())), batch,
                    i == 1 ? "-warm" : "-warm" + i, List.of()));
        }
    }

    private AgentScenarios(Scenarios.Env env, int batch, String tag, List<AgentScenarios> warm) {
        this.env = env;
        this.batch = (int) Math.max(1, Math.min(batch, env.events()));
        this.tag = tag;
        this.warm = warm;
    }

    /** Repetition {@code n} (1-based) of the measured runs: the first is this; later ones have their own names. */
    AgentScenarios repetition(int n) {
        return n <= 1 ? this : new AgentScenarios(env, batch, "-r" + n, List.of());
    }

    /** Launch to the first committed batch of the measured run of a. */
    long lastLaunchToFirstNanos() {
        return lastLaunchToFirstNanos;
    }

    /** Launch to the first committed batch of the first agent this runner started (cold code), or -1. */
    long coldLaunchToFirstNanos() {
        return !warm.isEmpty() && warm.get(0).firstLaunchToFirstNanos >= 0 ? warm.get(0).firstLaunchToFirstNanos
                : firstLaunchToFirstNanos;
    }

    private int batch() {
        return batch;
    }

    private interface Step {
        Result run(AgentScenarios s) throws Exception;
    }

    private void warmUp(Step step) throws Exception {
        for (AgentScenarios w : warm) {
            step.run(w);
            Meter.settle();
        }
    }

    /** (a) Kafka source -> memory -> null sink. The null sink keeps nothing: counts are checked. */
    Result kafkaToNull() throws Exception {
        warmUp(AgentScenarios::kafkaToNull);
        AgentRun run = AgentRun.run(env, "a", Scenarios.kafkaToNull(env, batch(), "bench-a" + tag), true, null);
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
        AgentRun run = AgentRun.run(env, "b", Scenarios.kafkaToFileRoll(env, batch(), "bench-b" + tag, dir), true, null);
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
        AgentRun run = AgentRun.run(env, "c", Scenarios.kafkaToKafka(env, batch(), "bench-c" + tag, out), true, null);
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
        AgentRun run = AgentRun.run(env, "d", Scenarios.netcatToKafka(env, batch(), port, out), true, client);
        if (client.failure() != null) {
            throw new IllegalStateException("netcat client failed", client.failure());
        }
        return run.result("d", "netcat -> memory -> kafka sink", env, "raw-p", readBack(out),
                String.format(Locale.ROOT, "client thread cpu %.2f s not counted", client.cpuNanos() / 1e9),
                client.cpuNanos());
    }

    /** (e) Kafka channel on the input topic (no source) -> null sink. */
    Result kafkaChannelToNull() throws Exception {
        warmUp(AgentScenarios::kafkaChannelToNull);
        AgentRun run = AgentRun.run(env, "e", Scenarios.kafkaChannelToNull(env, batch(), "bench-e" + tag), false, null);
        return run.result("e", "kafka channel -> null", env, "raw-c", counts(run), "");
    }

    /** (f) the latency pipeline, running while {@code bench} measures lat-in -> lat-out. */
    LatencyBench.Latency latency(LatencyBench bench, String title) throws Exception {
        Map<String, String> props = Scenarios.latencyPipeline(env, "lat-in", "lat-out");
        if (env.agentJvms() != null) {
            AgentJvm jvm = env.agentJvms().forScenario(LATENCY_JVM);
            // unmeasured first: c's JVM has not run this configuration (nor anything, when c did not run)
            jvm.startAgent(props);
            try {
                bench.warmUp().measure("f warm-up", "lat-in", "lat-out");
            } finally {
                jvm.stopAgent();
            }
            jvm.startAgent(props);
            try {
                return bench.measure(title, "lat-in", "lat-out");
            } finally {
                jvm.stopAgent();
            }
        }
        try (Agent agent = new Agent(env.load(props).spec(), new CounterRegistry())) {
            agent.start();
            return bench.measure(title, "lat-in", "lat-out");
        }
    }

    private Verification counts(AgentRun run) {
        return Verification.nullSink(env.events(), run.accepted, run.drained);
    }

    private Verification readBack(String topic) throws Exception {
        return env.readBackAndDelete(topic);
    }
}
