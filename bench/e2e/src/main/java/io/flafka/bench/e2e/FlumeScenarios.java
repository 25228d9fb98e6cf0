package io.flafka.bench.e2e;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The Flume 1.11 baselines: each mirrors a Flafka scenario (same N, batch and capacities, Flume's documented keys
 * and class names) and runs Apache Flume itself in a child JVM ({@link FlumeRun}).
 *
 * <ul>
 *   <li>aF: Kafka source -> memory -> null (mirrors a);</li>
 *   <li>gF: Kafka source -> file channel, fsync per transaction (Flume's default) -> null (mirrors g);</li>
 *   <li>hF: Kafka channel (parseAsFlumeEvent=false, no source) -> HDFS sink, DataStream to local files (mirrors h);</li>
 *   <li>fF: latency of Kafka source -> memory -> Kafka sink with Flume's default batching (mirrors f).</li>
 * </ul>
 *
 * Flume 1.11's null sink keeps no counters, so for aF and gF "drained" is the channel's
 * {@code EventTakeSuccessCount} (takes committed by the sink).
 */
final class FlumeScenarios {
    private static final FlumeRun.Counters SOURCE_TO_NULL = new FlumeRun.Counters("SOURCE.r1", "EventAcceptedCount",
            "CHANNEL.c1", "EventTakeSuccessCount");
    private static final FlumeRun.Counters CHANNEL_TO_SINK = new FlumeRun.Counters("SINK.k1", "EventDrainSuccessCount",
            "SINK.k1", "EventDrainSuccessCount");

    private final Scenarios.Env env;
    private final int batch;

    FlumeScenarios(Scenarios.Env env, int batch) {
        this.env = env;
        this.batch = (int) Math.max(1, Math.min(batch, env.events()));
    }

    /** (aF) Flume: scenario a's configuration (Kafka source -> memory -> null) in a consumer group of its own. */
    Result kafkaToNull() throws Exception {
        Map<String, String> props = new LinkedHashMap<>(Scenarios.kafkaToNull(env, batch, "bench-aF"));
        FlumeRun run = FlumeRun.run(env, "aF", props, SOURCE_TO_NULL);
        return run.result("aF", "FLUME kafka src -> memory -> null", env, "raw-c", counts(run), "");
    }

    /** (gF) Flume: Kafka source -> file channel (fsyncPerTransaction default, true) -> null. */
    Result kafkaToFileToNull() throws Exception {
        Path dir = env.dir("flume-file-channel");
        Scenarios.Props p = Scenarios.kafkaSource(new Scenarios.Props(), env.bootstrap(), Scenarios.INPUT_TOPIC,
                "bench-gF").set("sources.r1.batchSize", batch);
        p.set("channels", "c1")
                .set("channels.c1.type", "file")
                .set("channels.c1.checkpointDir", dir.resolve("checkpoint"))
                .set("channels.c1.dataDirs", dir.resolve("data"))
                .set("channels.c1.capacity", 100 * batch)
                .set("channels.c1.transactionCapacity", batch);
        try {
            FlumeRun run = FlumeRun.run(env, "gF", Scenarios.nullSink(p, batch).map(), SOURCE_TO_NULL);
            return run.result("gF", "FLUME kafka src -> file channel -> null", env, "raw-c", counts(run),
                    "fsync per transaction");
        } finally {
            BenchmarkRunner.deleteRecursively(dir);
        }
    }

    /** (hF) Flume: Kafka channel on the input topic (no source) -> HDFS sink, DataStream, local files. */
    Result kafkaChannelToHdfs() throws Exception {
        Path dir = env.dir("flume-hdfs");
        // scenario h's own configuration, plus Hadoop's raw local file system: hflush reaches the file (as
        // Flafka's sink always does on file://)
        Map<String, String> props = new java.util.HashMap<>(
                IngestConfigs.kafkaChannelToHdfs(env, batch, "bench-hF", dir));
        props.put(Scenarios.AGENT + ".sinks.k1.hdfs.useRawLocalFileSystem", "true");
        try {
            FlumeRun run = FlumeRun.run(env, "hF", props, CHANNEL_TO_SINK);
            return run.result("hF", "FLUME kafka channel -> hdfs (DataStream, local)", env, "raw-c",
                    hdfsFiles(dir), String.format(Locale.ROOT, "%d MB in %s", FileRollCheck.totalBytes(dir) / 1_000_000,
                            describe(dir)));
        } finally {
            BenchmarkRunner.deleteRecursively(dir);
        }
    }

    /** (fF) Flume: the latency pipeline with Flume's default batching, while {@code bench} measures in -> out. */
    LatencyBench.Latency latency(LatencyBench bench, String title, String in, String out) throws Exception {
        Scenarios.Props p = Scenarios.kafkaSource(new Scenarios.Props(), env.bootstrap(), in, "bench-fF");
        Scenarios.memory(p, 10_000, 1000);
        // acks=all as Flafka's Kafka sink defaults to (Flume's default is 1): the same durability in f and fF
        Map<String, String> props = Scenarios.kafkaSink(p, env.bootstrap(), out)
                .set("sinks.k1.kafka.producer.acks", "all").map();
        FlumeProcess flume = new FlumeProcess(env.workDir(), "fF", Scenarios.AGENT, props,
                FlumeProcess.runnerHeapOptions());
        try {
            return bench.measure(title, in, out);
        } finally {
            flume.close();
        }
    }

    /** The null sink keeps nothing: the channel's committed takes and the source's accepted count must both be N. */
    private Verification counts(FlumeRun run) {
        Verification v = Verification.countsOnly(env.events(), Math.max(0, run.drained),
                "null sink: counts only, channel takes " + run.drained + ", source accepted " + run.accepted);
        return run.accepted == run.drained ? v
                : new Verification(v.expected(), v.received(), v.duplicates(), v.missing(), v.foreign(),
                        v.note() + " != takes");
    }

    /** Reads back every line of the sink's files; a file still in use ({@code .tmp}) after the stop is a failure. */
    private Verification hdfsFiles(Path dir) throws IOException {
        Verification v = FileRollCheck.check(dir, env.events(), env.bodies().size());
        long open = files(dir).stream().filter(f -> f.getFileName().toString().endsWith(".tmp")).count();
        return open == 0 ? v
                : new Verification(v.expected(), v.received(), v.duplicates(), v.missing(), v.foreign() + open,
                        "foreign: " + open + " .tmp file(s) left after the stop");
    }

    private static String describe(Path dir) throws IOException {
        List<Path> all = files(dir);
        long tmp = all.stream().filter(f -> f.getFileName().toString().endsWith(".tmp")).count();
        return all.size() + " file(s)" + (tmp > 0 ? ", " + tmp + " .tmp" : "");
    }

    private static List<Path> files(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.toList();
        }
    }
}
