package io.flafka.bench.e2e;

import io.flafka.core.registry.ComponentRegistry;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.IntFunction;
import java.util.stream.Stream;
import org.apache.kafka.clients.admin.Admin;

/**
 * The end-to-end benchmark (issue 3): starts a broker in a child JVM, loads the input topic, measures the raw
 * Kafka consumer and producer (in this JVM), then Flafka agents (each scenario's in a JVM of its own, or in this
 * one with {@code --agent-jvm shared}) on scenarios a-e and g-k (the file channel, the
 * HDFS sink, the TAILDIR, HTTP and Avro sources of issues 4-6) and the latency of f, verifies
 * every event arrived exactly once, and prints one table with the ratios to the raw clients and the targets.
 *
 * <pre>
 * bench/run-e2e.sh [--events N] [--size BYTES] [--partitions P] [--batch B] [--scenarios raw,a,b,c,d,e,f,g,h,i,j,k]
 *                  [--latency-rate EPS] [--latency-seconds S] [--broker-heap SIZE] [--warmup N] [--warmup-runs N]
 *                  [--repeat N] [--agent-jvm own|shared] [--class-archive on|off]
 * </pre>
 * Each scenario runs {@code --repeat} times (default 3) in alternation with its baseline; targets are judged on
 * the median of the pair ratios ({@link PairedRuns}). The Flume twins run once.
 */
public final class BenchmarkRunner {
    private final Options o;
    private final Map<String, Result> results = new LinkedHashMap<>();
    private final PairedRuns pairs = new PairedRuns();
    private final List<LatencyBench.Latency> latencies = new ArrayList<>();
    private final List<String> failures = new ArrayList<>();
    /** Launch to first committed batch of the first agent of the run (a's warm-up when there is one). */
    private long launchToFirstNanos = -1;
    private long warmLaunchToFirstNanos = -1;
    private LatencyBench.Latency flumeLatency;
    private boolean classArchive;

    private BenchmarkRunner(Options o) {
        this.o = o;
    }

    /** Command-line options. */
    record Options(long events, int size, int partitions, int batch, Set<String> scenarios, int latencyRate,
                   int latencySeconds, String brokerHeap, long warmupEvents, int warmupRuns, int repeat,
                   boolean agentJvms, boolean classArchive) {

        static Options parse(String[] args) {
            Map<String, String> m = new LinkedHashMap<>();
            for (int i = 0; i < args.length; i++) {
                if (!args[i].startsWith("--") || i + 1 >= args.length) {
                    throw new IllegalArgumentException("usage: --name value ...; got " + args[i]);
                }
                m.put(args[i].substring(2), args[++i]);
            }
            boolean ownAgentJvms = agentJvm(m.getOrDefault("agent-jvm", "own"));
            Options opt = new Options(
                    Long.parseLong(m.getOrDefault("events", "1000000").replace("_", "")),
                    Integer.parseInt(m.getOrDefault("size", "200")),
                    Integer.parseInt(m.getOrDefault("partitions", "3")),
                    Integer.parseInt(m.getOrDefault("batch", "1000")),
                    Set.of(m.getOrDefault("scenarios", "raw,a,b,c,rcp,d,e,f," + IngestScenarios.IDS).split(",")),
                    Integer.parseInt(m.getOrDefault("latency-rate", "5000")),
                    Integer.parseInt(m.getOrDefault("latency-seconds", "20")),
                    m.getOrDefault("broker-heap", "1g"),
                    // by default a full pass, as the raw clients get (the whole input read, then produced)
                    Long.parseLong(m.getOrDefault("warmup", m.getOrDefault("events", "1000000")).replace("_", "")),
                    // a new agent JVM needs many passes: code that runs once per batch (the source's and sink's
                    // loops, the consumer's fetch requests) reaches C2 only after some 10,000 batches; with 3 passes
                    // the measured runs of c still spent 0.3-3.2 s compiling, with 10 under 0.2 s
                    Integer.parseInt(m.getOrDefault("warmup-runs", ownAgentJvms ? "10" : "1")),
                    Math.max(1, Integer.parseInt(m.getOrDefault("repeat", "3"))),
                    ownAgentJvms,
                    onOff("class-archive", m.getOrDefault("class-archive", "on")) && ownAgentJvms);
            for (String k : List.of("events", "size", "partitions", "batch", "scenarios", "latency-rate", "latency-seconds",
                    "broker-heap", "warmup", "warmup-runs", "repeat", "agent-jvm", "class-archive")) {
                m.remove(k);
            }
            if (!m.isEmpty()) {
                throw new IllegalArgumentException("unknown options " + m.keySet());
            }
            return opt;
        }

        private static boolean onOff(String option, String v) {
            return switch (v) {
                case "on" -> true;
                case "off" -> false;
                default -> throw new IllegalArgumentException("--" + option + " is 'on' or 'off', not '" + v + "'");
            };
        }

        private static boolean agentJvm(String v) {
            return switch (v) {
                case "own" -> true;
                case "shared" -> false;
                default -> throw new IllegalArgumentException("--agent-jvm is 'own' or 'shared', not '" + v + "'");
            };
        }

        boolean runs(String s) {
            return scenarios.contains(s);
        }
    }

    public static void main(String[] args) throws Exception {
        Options o = Options.parse(args);
        new BenchmarkRunner(o).run();
    }

    private void run() throws Exception {
        Path work = Files.createTempDirectory("flafka-bench-");
        out("# Flafka end-to-end benchmark");
        out("machine: " + Runtime.getRuntime().availableProcessors() + " cpus, load average "
                + loadAverage() + ", java " + System.getProperty("java.version") + ", runner max heap "
                + Runtime.getRuntime().maxMemory() / (1 << 20) + " MiB");
        out(String.format(Locale.ROOT, "events %d x %d bytes, %d partitions, batch %d; work dir %s", o.events(),
                o.size(), o.partitions(), o.batch(), work));
        out("warm-up: scenarios a-e and g-k first run " + o.warmupRuns() + " time(s) unmeasured with " + o.warmupEvents()
                + " events (--warmup-runs, --warmup; 0 = none); the raw consumer and producer " + RawClients.WARM_UP_PASSES
                + " times before the first baseline");
        out("settle: before every measured run (and after a warm-up) a full GC, then a wait until the JIT has been idle "
                + Meter.JIT_QUIET_MS + " ms (at most " + Meter.SETTLE_MAX_MS / 1000 + " s)");
        out("repeat: each scenario and its baseline run " + o.repeat() + " times in alternation; targets use the median"
                + " pair ratio (--repeat)");
        out(o.agentJvms() ? "agents: each scenario's agents (its warm-up, then its repetitions) run in a JVM of their own, "
                + "as a deployed agent does (" + AgentJvm.options() + "; AGENT_JAVA_OPTS); cpu and RSS are that JVM's"
                : "agents: in the runner's JVM (--agent-jvm shared); cpu and RSS are the runner's, its client threads' cpu "
                + "subtracted");
        ClassArchive.Made archive = o.classArchive() ? ClassArchive.make("-Xmx1g")
                : new ClassArchive.Made(List.of(), "off (--class-archive off, or --agent-jvm shared)");
        if (o.agentJvms()) {
            out("class archive of the agent JVMs: " + archive.description());
        }
        classArchive = archive.on();
        out("disk fsync (work dir): " + DiskFsync.measure(work, 2_000_000_000L));
        Bodies bodies = new Bodies(o.size());
        try (BrokerProcess broker = new BrokerProcess(List.of("-Xms" + o.brokerHeap(), "-Xmx" + o.brokerHeap()),
                work.resolve("broker.log"));
             Admin admin = Kafka.admin(broker.bootstrap());
             AgentJvm.Pool agentJvms = new AgentJvm.Pool(Set.of(AgentScenarios.LATENCY_JVM), archive.options())) {
            out("broker: pid " + broker.handle().pid() + " at " + broker.bootstrap());
            Scenarios.Env env = new Scenarios.Env(broker.bootstrap(), broker.handle(), admin, o.events(), bodies,
                    o.partitions(), work, ComponentRegistry.discover(BenchmarkRunner.class.getClassLoader()),
                    o.agentJvms() ? agentJvms : null);
            env.createTopic(Scenarios.INPUT_TOPIC);
            long load = RawClients.produce(env.bootstrap(), Scenarios.INPUT_TOPIC, o.events(), bodies, "loader");
            out(String.format(Locale.ROOT, "loaded %d events into '%s' in %.2f s (end offsets sum %d)", o.events(),
                    Scenarios.INPUT_TOPIC, load / 1e9, Kafka.endOffsetSum(env.bootstrap(), Scenarios.INPUT_TOPIC)));
            out("");
            out(Result.header());
            AgentScenarios agents = new AgentScenarios(env, o.batch(), o.warmupEvents(), o.warmupRuns());
            RawClients raw = new RawClients(env);
            raw.warmUp(Scenarios.INPUT_TOPIC);
            if (o.runs("raw")) {
                raw.warmUpProducer();
            }
            // each scenario runs right after its own baseline: the shared machine's load drifts within a run
            int n = o.repeat();
            paired("a", "rc-a", n, r -> () -> raw.consumer(rep("rc-a", r), Scenarios.INPUT_TOPIC), r -> () -> {
                Result res = agents.repetition(r).kafkaToNull();
                if (r == 1) {
                    launchToFirstNanos = agents.coldLaunchToFirstNanos();
                    warmLaunchToFirstNanos = agents.lastLaunchToFirstNanos();
                }
                return res;
            });
            paired("b", "rc-b", n, r -> () -> raw.consumer(rep("rc-b", r), Scenarios.INPUT_TOPIC),
                    r -> agents.repetition(r)::kafkaToFileRoll);
            paired("c", "rp-c", n, r -> () -> raw.producer(rep("rp-c", r), rep("raw-out-c", r)),
                    r -> agents.repetition(r)::kafkaToKafka);
            if (o.runs("rcp")) {
                for (int r = 1; r <= n; r++) {
                    int rr = r;
                    pairs.add("rcp", null, run(rep("rcp-c", r), () -> raw.pipe(rep("rcp-c", rr),
                            Scenarios.INPUT_TOPIC, rep("raw-pipe-out-c", rr))));   // no baseline: a reference
                }
            }
            paired("d", "rp-d", n, r -> () -> raw.producer(rep("rp-d", r), rep("raw-out-d", r)),
                    r -> agents.repetition(r)::netcatToKafka);
            paired("e", "rc-e", n, r -> () -> raw.consumer(rep("rc-e", r), Scenarios.INPUT_TOPIC),
                    r -> agents.repetition(r)::kafkaChannelToNull);
            FlumeScenarios flume = flumeScenarios(env);
            if (flume != null) {
                paired("aF", "rc-aF", 1, r -> () -> raw.consumer("rc-aF", Scenarios.INPUT_TOPIC),
                        r -> flume::kafkaToNull);
            }
            IngestScenarios ingest = new IngestScenarios(env, o.batch(), o.warmupEvents(), o.warmupRuns());
            paired("g", "rc-g", n, r -> () -> raw.consumer(rep("rc-g", r), Scenarios.INPUT_TOPIC),
                    r -> ingest.repetition(r)::kafkaToFileChannel);
            if (flume != null) {
                paired("gF", "rc-gF", 1, r -> () -> raw.consumer("rc-gF", Scenarios.INPUT_TOPIC),
                        r -> flume::kafkaToFileToNull);
            }
            paired("h", "rc-h", n, r -> () -> raw.consumer(rep("rc-h", r), Scenarios.INPUT_TOPIC),
                    r -> ingest.repetition(r)::kafkaChannelToHdfs);
            if (flume != null) {
                paired("hF", "rc-hF", 1, r -> () -> raw.consumer("rc-hF", Scenarios.INPUT_TOPIC),
                        r -> flume::kafkaChannelToHdfs);
            }
            paired("i", "rp-i", n, r -> () -> raw.producer(rep("rp-i", r), rep("raw-out-i", r)),
                    r -> ingest.repetition(r)::taildirToKafka);
            paired("j", "rp-j", n, r -> () -> raw.producer(rep("rp-j", r), rep("raw-out-j", r)),
                    r -> ingest.repetition(r)::httpToKafka);
            paired("k", "rp-k", n, r -> () -> raw.producer(rep("rp-k", r), rep("raw-out-k", r)),
                    r -> ingest.repetition(r)::avroToKafka);
            if (o.runs("f")) {
                latency(env, bodies, agents);
            }
            if (flume != null && o.runs("fF")) {
                flumeLatency(env, bodies, flume);
            }
            out("");
            out("broker child: peak RSS " + Math.round(Meter.peakRssMb(broker.handle().pid())) + " MiB, CPU "
                    + String.format(Locale.ROOT, "%.1f", Meter.cpuNanos(broker.handle()) / 1e9) + " s in total");
        } finally {
            keepBrokerLogIfFailed(work.resolve("broker.log"));
            deleteRecursively(work);
        }
        summary();
    }

    /** A failed scenario's broker log outlives the work directory (a produce stall was seen, cause unknown). */
    private void keepBrokerLogIfFailed(Path log) {
        if (failures.isEmpty() || !Files.exists(log)) {
            return;
        }
        try {
            Path kept = Files.createTempFile("flafka-bench-broker-", ".log");
            Files.copy(log, kept, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            out("a scenario failed: the broker's log is kept in " + kept);
        } catch (java.io.IOException e) {
            out("a scenario failed; the broker's log could not be kept: " + e);
        }
    }

    /** The Flume 1.11 baselines when any is selected and Flume's class path is built; null otherwise. */
    private FlumeScenarios flumeScenarios(Scenarios.Env env) {
        if (o.scenarios().stream().noneMatch(s -> s.endsWith("F"))) {
            return null;
        }
        String missing = FlumeProcess.missing();
        if (missing != null) {
            failures.add("Flume scenarios: " + missing);
            out("Flume scenarios skipped: " + missing);
            return null;
        }
        return new FlumeScenarios(env, o.batch());
    }

    /** (f0) producer -> consumer with no agent: the latency baseline, printed under a latency header. */
    private void directLatency(Scenarios.Env env, LatencyBench bench) throws Exception {
        env.createTopic("lat-direct");
        out("");
        out(LatencyBench.Latency.header());
        LatencyBench.Latency direct = bench.measure(
                "f0 producer -> consumer (no agent) @" + o.latencyRate() + "/s", "lat-direct", "lat-direct");
        latencies.add(direct);
        out(direct.row());
    }

    /** (fF) Flume's latency on its own topics, after f0 when f ran (f0 is measured here otherwise). */
    private void flumeLatency(Scenarios.Env env, Bodies bodies, FlumeScenarios flume) {
        try {
            LatencyBench bench = new LatencyBench(env.bootstrap(), bodies, o.latencyRate(), o.latencySeconds());
            if (latencies.isEmpty()) {
                directLatency(env, bench);
            }
            env.createTopic("lat-in-F");
            env.createTopic("lat-out-F");
            flumeLatency = flume.latency(bench, "fF FLUME kafka src -> memory -> kafka sink, defaults @"
                    + o.latencyRate() + "/s", "lat-in-F", "lat-out-F");
            out(flumeLatency.row());
        } catch (Exception e) {
            failures.add("fF: " + e);
            out("fF FAILED: " + e);
            e.printStackTrace();
        }
    }

    private interface Step {
        Result run() throws Exception;
    }

    /** "a" for the first repetition, "a.2", "a.3"... after it. */
    private static String rep(String id, int r) {
        return r == 1 ? id : id + "." + r;
    }

    /**
     * Runs the baseline (when "raw" is selected), then the scenario, whose ratio is to that baseline; {@code n}
     * times, each repetition's rows under their own ids.
     */
    private void paired(String scenario, String baselineId, int n, IntFunction<Step> baseline,
                        IntFunction<Step> step) {
        if (!o.runs(scenario)) {
            return;
        }
        for (int r = 1; r <= n; r++) {
            String bid = rep(baselineId, r);
            Result b = o.runs("raw") ? run(bid, baseline.apply(r)) : null;
            Step s = step.apply(r);
            int rr = r;
            Result a = run(rep(scenario, r), () -> s.run().withId(rep(scenario, rr)).withBaseline(b == null ? null : bid));
            pairs.add(scenario, b, a);
        }
    }

    /** Runs one row; the result, or null when it failed (the failure is recorded). */
    private Result run(String id, Step step) {
        try {
            Meter.settle();
            Result r = step.run();
            results.put(id, r);
            out(r.row(baselineRate(r.baseline())));
            return r;
        } catch (Exception | Error e) {
            failures.add(id + ": " + e);
            out(id + " FAILED: " + e);
            e.printStackTrace();
            return null;
        }
    }

    private void latency(Scenarios.Env env, Bodies bodies, AgentScenarios agents) {
        try {
            LatencyBench bench = new LatencyBench(env.bootstrap(), bodies, o.latencyRate(), o.latencySeconds());
            env.createTopic("lat-in");
            env.createTopic("lat-out");
            directLatency(env, bench);
            LatencyBench.Latency via = agents.latency(bench,
                    "f  kafka src -> memory -> kafka sink, Flume defaults @" + o.latencyRate() + "/s");
            latencies.add(via);
            out(via.row());
        } catch (Exception e) {
            failures.add("f: " + e);
            out("f FAILED: " + e);
            e.printStackTrace();
        }
    }

    /** The rate of the baseline run paired with a scenario, or null. */
    private Double baselineRate(String baselineId) {
        Result b = baselineId == null ? null : results.get(baselineId);
        return b == null || !b.verification().ok() ? null : b.eventsPerSecond();
    }

    private void summary() {
        out("");
        out("## Targets (issues 3-6)");
        target("a", 0.85);
        target("c", 0.70);
        target("d", 0.80);
        target("e", 0.85);
        target("g", 0.50);
        relative("g", "a", 0.50, "the same pipeline with a memory channel (issue 4)");
        target("h", 0.70);
        target("i", 0.50);
        target("j", 0.50);
        target("k", 0.50);
        if (latencies.size() == 2) {
            double limit = 2 * latencies.get(0).p99();
            double p99 = latencies.get(1).p99();
            out(String.format(Locale.ROOT, "f  p99 %.2f ms <= 2 x no-agent p99 (%.2f ms): %s", p99, limit,
                    p99 <= limit ? "MET" : "NOT MET"));
        }
        Result cMedian = pairs.medianRun("c");
        Result pipe = pairs.medianRun("rcp");
        if (cMedian != null && pipe != null) {
            out(String.format(Locale.ROOT, "c  %.2f x rcp-c (median runs: %.0f against %.0f events/s): c's job done by "
                    + "the raw consumer and producer in one loop, for reference (no target)",
                    cMedian.eventsPerSecond() / pipe.eventsPerSecond(), cMedian.eventsPerSecond(), pipe.eventsPerSecond()));
        }
        if (launchToFirstNanos >= 0) {
            out(String.format(Locale.ROOT, "a  launch -> first committed batch %.0f ms < 1000 ms: %s (%s; measured "
                            + "run of a: %.0f ms)",
                    launchToFirstNanos / 1e6, launchToFirstNanos < 1_000_000_000L ? "MET" : "NOT MET",
                    !o.agentJvms() ? "the runner's first agent, its code not yet compiled"
                            : "the first agent of a new JVM: Kafka's client classes loaded and initialized, nothing "
                            + "compiled, " + (classArchive ? "classes mapped from the class archive as bin/flafka's "
                            + "second and later starts do" : "no class archive (a first start)"),
                    warmLaunchToFirstNanos / 1e6));
        }
        Map<String, Result> compared = new LinkedHashMap<>(results);
        compared.putAll(pairs.medianRuns());
        FlumeComparison.print(compared, latencies.size() == 2 ? latencies.get(1) : null, flumeLatency);
        boolean verified = results.values().stream().allMatch(r -> r.verification().ok())
                && latencies.stream().allMatch(l -> l.received() == l.sent() && l.duplicates() == 0)
                && (flumeLatency == null || flumeLatency.received() == flumeLatency.sent());
        out("exactly-once verification: " + (verified ? "all OK" : "FAILURES (see rows)"));
        failures.forEach(f -> out("failed: " + f));
        out("load average at the end: " + loadAverage());
    }

    private void target(String id, double min) {
        String line = pairs.target(id, min);
        if (line != null) {
            out(line);
        }
    }

    /** Compares two agent scenarios of this run (e.g. file channel against memory channel). */
    private void relative(String id, String other, double min, String what) {
        Result r = pairs.medianRun(id);
        Result b = pairs.medianRun(other);
        if (r == null || b == null || b.eventsPerSecond() == 0) {
            return;
        }
        double ratio = r.eventsPerSecond() / b.eventsPerSecond();
        out(String.format(Locale.ROOT, "%-2s %.2f x %s (median runs), %s (target >= %.2f): %s", id, ratio, other, what, min,
                ratio >= min ? "MET" : "NOT MET"));
    }

    private static String loadAverage() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).trim();
        } catch (IOException e) {
            return "?";
        }
    }

    static void out(String line) {
        System.out.println(line);
        System.out.flush();
    }

    static void deleteRecursively(Path dir) {
        try (Stream<Path> walk = Files.walk(dir)) {
            walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // best effort
        }
    }
}
