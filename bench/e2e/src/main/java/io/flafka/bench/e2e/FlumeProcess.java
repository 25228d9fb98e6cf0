package io.flafka.bench.e2e;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * One Apache Flume 1.11 agent ({@code org.apache.flume.node.Application}) in a child JVM, on the class path
 * that {@code bench/flume} collects (Flume's own jars and its kafka-clients 2.x, never ours), with the HTTP
 * monitoring server on a free port. The runner reads Flume's {@code /metrics} JSON to follow it, and the
 * child's CPU time and peak RSS from {@code /proc}. Closing stops it with SIGTERM (Flume's shutdown hook
 * stops the components; the HDFS sink closes and renames its files), then kills it after a minute.
 */
final class FlumeProcess implements AutoCloseable {
    /** System property: the directory of Flume's jars (bench/run-e2e.sh sets it). */
    static final String LIB_PROPERTY = "flafka.bench.flume.lib";
    /** System property: the log4j2 configuration of the child (bench/run-e2e.sh sets it). */
    static final String LOG_CONFIG_PROPERTY = "flafka.bench.flume.log4j";
    /** System property: where the children's configurations and logs are kept (default: the work directory). */
    static final String LOG_DIR_PROPERTY = "flafka.bench.flume.logs";
    /** System property: extra JVM options of the children, space-separated (e.g. a flight recording). */
    static final String JVM_OPTIONS_PROPERTY = "flafka.bench.flume.jvm";

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final TypeReference<Map<String, Map<String, String>>> METRICS_TYPE = new TypeReference<>() {
    };

    private final Process process;
    private final long launchNanos;
    private final HttpClient http;
    private final HttpRequest metricsRequest;
    private final Path log;

    /**
     * Writes {@code props} to {@code <name>.properties} and starts Flume on it as agent {@code agent}; the
     * configuration and the logs go to the directory named by {@value #LOG_DIR_PROPERTY}, or {@code workDir}.
     *
     * @param jvmOptions heap and GC options of the child (the same as the Flafka runner's)
     */
    FlumeProcess(Path workDir, String name, String agent, Map<String, String> props, List<String> jvmOptions)
            throws IOException {
        String logDir = System.getProperty(LOG_DIR_PROPERTY);
        Path dir = logDir == null ? workDir : Files.createDirectories(Path.of(logDir));
        Path conf = dir.resolve(name + ".properties");
        try (Writer w = Files.newBufferedWriter(conf, StandardCharsets.UTF_8)) {
            for (Map.Entry<String, String> e : props.entrySet()) {
                w.write(e.getKey() + " = " + e.getValue() + "\n");
            }
        }
        log = dir.resolve(name + ".log");
        int port = Scenarios.freePort();
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.addAll(jvmOptions);
        String extra = System.getProperty(JVM_OPTIONS_PROPERTY, "").replace("{name}", name).trim();
        if (!extra.isEmpty()) {
            cmd.addAll(List.of(extra.split("\\s+")));
        }
        cmd.add("-Dflume.monitoring.type=http");
        cmd.add("-Dflume.monitoring.port=" + port);
        cmd.add("-Dlog4j.configurationFile=" + required(LOG_CONFIG_PROPERTY));
        cmd.add("-Dflume.bench.log=" + log);
        cmd.add("-cp");
        cmd.add(required(LIB_PROPERTY) + "/*");
        cmd.add("org.apache.flume.node.Application");
        cmd.addAll(List.of("-n", agent, "-f", conf.toString(), "--no-reload-conf"));
        launchNanos = System.nanoTime();
        process = new ProcessBuilder(cmd).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve(name + ".out").toFile())).start();
        http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
        metricsRequest = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/metrics"))
                .timeout(Duration.ofSeconds(2)).build();
    }

    /** The heap and GC options of this JVM, so that a Flume child gets what the in-process Flafka agents get. */
    static List<String> runnerHeapOptions() {
        List<String> opts = ManagementFactory.getRuntimeMXBean().getInputArguments().stream()
                .filter(a -> a.startsWith("-Xms") || a.startsWith("-Xmx") || a.equals("-XX:+AlwaysPreTouch")
                        || a.matches("-XX:\\+Use\\w+GC"))
                .toList();
        return opts.stream().anyMatch(a -> a.startsWith("-Xmx")) ? opts
                : List.of("-Xmx" + Runtime.getRuntime().maxMemory() / (1 << 20) + "m");
    }

    /** Whether both properties point at a built Flume class path. */
    static String missing() {
        String lib = System.getProperty(LIB_PROPERTY);
        if (lib == null || !Files.isRegularFile(Path.of(lib, "flume-ng-node-1.11.0.jar"))) {
            return "Flume 1.11 class path not found (-D" + LIB_PROPERTY + "=" + lib
                    + "); build it with mvn -B -f bench/flume/pom.xml package, or run bench/run-e2e.sh";
        }
        if (System.getProperty(LOG_CONFIG_PROPERTY) == null) {
            return "-D" + LOG_CONFIG_PROPERTY + " not set";
        }
        return null;
    }

    private static String required(String property) {
        String v = System.getProperty(property);
        if (v == null) {
            throw new IllegalStateException(missing());
        }
        return v;
    }

    /**
     * Flume's counters, {@code {"SOURCE.r1": {"EventAcceptedCount": "12", ...}, ...}}; null while the monitoring
     * server is not up yet (it starts after the components).
     */
    Map<String, Map<String, String>> metrics() throws InterruptedException {
        try {
            HttpResponse<byte[]> r = http.send(metricsRequest, HttpResponse.BodyHandlers.ofByteArray());
            return r.statusCode() == 200 ? JSON.readValue(r.body(), METRICS_TYPE) : null;
        } catch (IOException e) {
            return null;
        }
    }

    /** One counter of one component ({@code "CHANNEL.c1"}, {@code "EventTakeSuccessCount"}), or -1. */
    static long counter(Map<String, Map<String, String>> metrics, String component, String name) {
        Map<String, String> group = metrics == null ? null : metrics.get(component);
        String v = group == null ? null : group.get(name);
        return v == null ? -1 : Long.parseLong(v);
    }

    long launchNanos() {
        return launchNanos;
    }

    boolean alive() {
        return process.isAlive();
    }

    long pid() {
        return process.pid();
    }

    /** CPU time (user + system, all threads) of the child so far. */
    long cpuNanos() {
        return Meter.cpuNanos(process.toHandle());
    }

    /** The child's peak RSS (VmHWM) in MiB, or -1 once it is gone. */
    double peakRssMb() {
        return Meter.peakRssMb(process.pid());
    }

    /** The last lines of the child's log, for failure messages. */
    String logTail(int lines) {
        try {
            List<String> all = Files.exists(log) ? Files.readAllLines(log) : List.of();
            return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
        } catch (IOException | UncheckedIOException e) {
            return "(no log: " + e + ")";
        }
    }

    /** Notices Flume logs at WARN on every run of these configurations; they say nothing about the run. */
    private static final List<String> ROUTINE_WARNINGS = List.of("has no configfilters", "has no sources",
            "Unable to load native-hadoop library");

    /** Lines of the child's log at WARN or ERROR, but the routine ones. */
    List<String> warnings() {
        try {
            return Files.exists(log) ? Files.readAllLines(log).stream()
                    .filter(l -> l.contains(" WARN ") || l.contains(" ERROR "))
                    .filter(l -> ROUTINE_WARNINGS.stream().noneMatch(l::contains)).toList() : List.of();
        } catch (IOException | UncheckedIOException e) {
            return List.of("(no log: " + e + ")");
        }
    }

    /** SIGTERM, so that Flume stops its components; SIGKILL after 60 s, or at once when interrupted. */
    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }
}
