package io.flafka.bench.e2e;

import io.flafka.channel.file.FileChannel;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Scenarios g-k (issues 4, 5, 6): the file channel, the HDFS sink and the TAILDIR, HTTP and Avro
 * sources, each an agent run by {@link AgentRun}, then the check that every event arrived once.
 */
final class IngestScenarios {
    /** The scenario ids this class runs, for the runner's default list. */
    static final String IDS = "g,h,i,j,k";
    /** Events per HTTP request and per Avro appendBatch (issue 6). */
    static final int REQUEST_EVENTS = 100;
    /** Concurrent HTTP / Avro clients in the runner. */
    static final int CLIENTS = 4;
    /** Files TAILDIR reads (issue 6). */
    static final int TAILDIR_FILES = 10;

    private final Scenarios.Env env;
    private final int batch;
    /** "", "-warm", "-warm2"...: keeps the warm-ups' topics, groups and directories apart from the measured run's. */
    private final String tag;
    /** The same scenarios with fewer events, run (unmeasured) before each measured one; empty for none. */
    private final List<IngestScenarios> warm;

    /**
     * @param warmupEvents when positive, each scenario first runs {@code warmupRuns} times with this many events,
     *     unmeasured, so that the JIT has compiled its path (on 2 busy cores, compiling a new source's path takes
     *     seconds)
     */
    IngestScenarios(Scenarios.Env env, int batch, long warmupEvents, int warmupRuns) {
        this(env, batch, "", new ArrayList<>());
        for (int i = 1; warmupEvents > 0 && i <= warmupRuns; i++) {
            warm.add(new IngestScenarios(withEvents(env, Math.min(warmupEvents, env.events())), batch,
                    i == 1 ? "-warm" : "-warm" + i, List.of()));
        }
    }

    private IngestScenarios(Scenarios.Env env, int batch, String tag, List<IngestScenarios> warm) {
        this.env = env;
        this.batch = (int) Math.max(1, Math.min(batch, env.events()));
        this.tag = tag;
        this.warm = warm;
    }

    /** Repetition {@code n} (1-based) of the measured runs: the first is this; later ones have their own names. */
    IngestScenarios repetition(int n) {
        return n <= 1 ? this : new IngestScenarios(env, batch, "-r" + n, List.of());
    }

    static Scenarios.Env withEvents(Scenarios.Env e, long events) {
        return new Scenarios.Env(e.bootstrap(), e.broker(), e.admin(), events, e.bodies(), e.partitions(),
                e.workDir(), e.registry(), e.agentJvms());
    }

    private interface Step {
        Result run(IngestScenarios s) throws Exception;
    }

    private void warmUp(Step step) throws Exception {
        for (IngestScenarios w : warm) {
            step.run(w);
            Meter.settle();
        }
    }

    /** (g) Kafka source -> file channel (fsync on every commit) -> null sink; counts checked, fsyncs shown. */
    Result kafkaToFileChannel() throws Exception {
        warmUp(IngestScenarios::kafkaToFileChannel);
        Path root = env.dir("file-channel" + tag);
        AgentRun run = AgentRun.run(env, "g", IngestConfigs.kafkaToFileChannel(env, batch, "bench-g" + tag,
                root.resolve("checkpoint"), root.resolve("data")), true, null);
        long fsyncs = run.counter("CHANNEL", "c1", FileChannel.FSYNC_COUNT);
        long fsyncMs = run.counter("CHANNEL", "c1", FileChannel.FSYNC_TIME_MILLIS);
        BenchmarkRunner.deleteRecursively(root);
        return run.result("g", "kafka src -> file channel -> null", env, "raw-c",
                Verification.nullSink(env.events(), run.accepted, run.drained),
                String.format(Locale.ROOT, "fsyncs %d, %d ms (mean %.2f ms, %.1f events/fsync)", fsyncs, fsyncMs,
                        fsyncs == 0 ? 0 : (double) fsyncMs / fsyncs, fsyncs == 0 ? 0 : (double) run.drained / fsyncs));
    }

    /** (h) Kafka channel (no source) -> HDFS sink, DataStream to local files; the final files are read back. */
    Result kafkaChannelToHdfs() throws Exception {
        warmUp(IngestScenarios::kafkaChannelToHdfs);
        Path dir = env.dir("hdfs" + tag).resolve("out");
        AgentRun run = AgentRun.run(env, "h", IngestConfigs.kafkaChannelToHdfs(env, batch, "bench-h" + tag, dir), false,
                null);
        HdfsCheck.Outcome out = HdfsCheck.check(dir, env.events(), env.bodies().size());
        BenchmarkRunner.deleteRecursively(dir.getParent());
        return run.result("h", "kafka channel -> hdfs sink (DataStream, file://)", env, "raw-c", out.verification(),
                out.note());
    }

    /** (i) TAILDIR over 10 files written beforehand (not measured) -> memory -> Kafka sink. */
    Result taildirToKafka() throws Exception {
        warmUp(IngestScenarios::taildirToKafka);
        Path dir = env.dir("taildir" + tag);
        long bytes = TaildirFiles.write(dir, TAILDIR_FILES, env.events(), env.bodies());
        Path position = env.dir("taildir-position" + tag).resolve("taildir_position.json");
        String topic = "out-i" + tag;
        env.createTopic(topic);
        AgentRun run = AgentRun.run(env, "i", IngestConfigs.taildirToKafka(env, batch, dir, position, topic), true, null);
        BenchmarkRunner.deleteRecursively(dir);
        BenchmarkRunner.deleteRecursively(position.getParent());
        return run.result("i", "taildir (" + TAILDIR_FILES + " files) -> memory -> kafka sink", env, "raw-p",
                readBack(topic), String.format(Locale.ROOT, "%d MB of files", bytes / 1_000_000));
    }

    /** (j) HTTP source (JSON, requests of 100 events from 4 keep-alive clients) -> memory -> Kafka sink. */
    Result httpToKafka() throws Exception {
        warmUp(IngestScenarios::httpToKafka);
        return fed("j", "http (json, " + CLIENTS + " x " + REQUEST_EVENTS + "/request) -> memory -> kafka sink",
                "http", port -> new HttpFeeder(port, CLIENTS, env.events(), REQUEST_EVENTS, env.bodies()));
    }

    /** (k) Avro source (appendBatch of 100 from 4 clients) -> memory -> Kafka sink. */
    Result avroToKafka() throws Exception {
        warmUp(IngestScenarios::avroToKafka);
        return fed("k", "avro (" + CLIENTS + " x appendBatch " + REQUEST_EVENTS + ") -> memory -> kafka sink",
                "avro", port -> new AvroFeeder(port, CLIENTS, env.events(), REQUEST_EVENTS, env.bodies()));
    }

    private interface FeederFactory {
        BatchFeeder create(int port) throws Exception;
    }

    /** A listening source of {@code type} on a free port, fed by runner-side clients whose CPU is excluded. */
    private Result fed(String id, String title, String type, FeederFactory feeders) throws Exception {
        String topic = "out-" + id + tag;
        env.createTopic(topic);
        int port = Scenarios.freePort();
        BatchFeeder feeder = feeders.create(port);
        AgentRun run = AgentRun.run(env, id, IngestConfigs.listenerToKafka(env, batch, type, port, topic), true, feeder);
        if (feeder.failure() != null) {
            throw new IllegalStateException(id + ": client failed", feeder.failure());
        }
        return run.result(id, title, env, "raw-p", readBack(topic),
                String.format(Locale.ROOT, "client threads cpu %.2f s not counted, %d requests refused and resent",
                        feeder.cpuNanos() / 1e9, feeder.refused()), feeder.cpuNanos());
    }

    private Verification readBack(String topic) throws Exception {
        return env.readBackAndDelete(topic);
    }
}
