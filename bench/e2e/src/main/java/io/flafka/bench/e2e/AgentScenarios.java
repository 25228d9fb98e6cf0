package io.flafka.bench.e2e;

import io.flafka.core.config.LoadResult;
import io.flafka.core.metrics.CounterRegistry;
import io.flafka.core.runtime.Agent;
import java.nio.file.Path;
import java.util.Locale;

/** Scenarios a-f: an in-process agent per scenario, then the check that every event arrived once. */
final class AgentScenarios {
    private final Scenarios.Env env;
    private final int batch;
    private long lastLaunchToFirstNanos = -1;

    AgentScenarios(Scenarios.Env env, int batch) {
        this.env = env;
        this.batch = (int) Math.max(1, Math.min(batch, env.events()));
    }

    long lastLaunchToFirstNanos() {
        return lastLaunchToFirstNanos;
    }

    private int batch() {
        return batch;
    }

    /** (a) Kafka source -> memory -> null sink. The null sink keeps nothing: counts are checked. */
    Result kafkaToNull() throws Exception {
        AgentRun run = AgentRun.run(env, Scenarios.kafkaToNull(env, batch()), true, null);
        lastLaunchToFirstNanos = run.firstNanos;
        return run.result("a", "kafka src -> memory -> null", env, "raw-c", counts(run),
                String.format(Locale.ROOT, "launch->first batch %.0f ms (start() %.0f ms)", run.firstNanos / 1e6,
                        run.startCallNanos / 1e6));
    }

    /** (b) Kafka source -> memory -> file_roll; the files are read back. */
    Result kafkaToFileRoll() throws Exception {
        Path dir = env.dir("file_roll");
        AgentRun run = AgentRun.run(env, Scenarios.kafkaToFileRoll(env, batch(), dir), true, null);
        Verification v = FileRollCheck.check(dir, env.events(), env.bodies().size());
        String note = String.format(Locale.ROOT, "%d MB in files", FileRollCheck.totalBytes(dir) / 1_000_000);
        BenchmarkRunner.deleteRecursively(dir);
        return run.result("b", "kafka src -> memory -> file_roll", env, "raw-c", v, note);
    }

    /** (c) Kafka source + timestamp + regex_filter -> memory -> Kafka sink; the output topic is read back. */
    Result kafkaToKafka() throws Exception {
        env.createTopic("out-c");
        AgentRun run = AgentRun.run(env, Scenarios.kafkaToKafka(env, batch(), "out-c"), true, null);
        return run.result("c", "kafka src +ts +regex_filter -> memory -> kafka sink", env, "raw-p",
                readBack("out-c"), "");
    }

    /** (d) netcat (client thread, ack-every-event=false) -> memory -> Kafka sink. */
    Result netcatToKafka() throws Exception {
        env.createTopic("out-d");
        int port = Scenarios.freePort();
        NetcatClient client = new NetcatClient(port, env.events(), env.bodies());
        AgentRun run = AgentRun.run(env, Scenarios.netcatToKafka(env, batch(), port, "out-d"), true, client);
        if (client.failure() != null) {
            throw new IllegalStateException("netcat client failed", client.failure());
        }
        return run.result("d", "netcat -> memory -> kafka sink", env, "raw-p", readBack("out-d"),
                String.format(Locale.ROOT, "client thread cpu %.2f s excluded", client.cpuNanos() / 1e9),
                client.cpuNanos());
    }

    /** (e) Kafka channel on the input topic (no source) -> null sink. */
    Result kafkaChannelToNull() throws Exception {
        AgentRun run = AgentRun.run(env, Scenarios.kafkaChannelToNull(env, batch()), false, null);
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
