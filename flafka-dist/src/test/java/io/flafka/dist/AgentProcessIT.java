package io.flafka.dist;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Starts real agents from the packaged distribution (after "package"; see the pom). */
class AgentProcessIT {
    static Path home;

    @TempDir
    Path tmp;

    Process process;
    Path stdout;
    Path stderr;

    @BeforeAll
    static void locate() {
        home = Path.of(System.getProperty("flafka.dist.home", "target/flafka")).toAbsolutePath();
        assertThat(home.resolve("bin/flafka")).isExecutable();
    }

    @AfterEach
    void kill() throws Exception {
        if (process != null && process.isAlive()) {
            process.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
        }
    }

    static String seqToFileRoll(Path out, long events) {
        return String.join("\n",
                "a1.sources = r1",
                "a1.channels = c1",
                "a1.sinks = k1",
                "a1.sources.r1.type = seq",
                "a1.sources.r1.channels = c1",
                "a1.sources.r1.batchSize = 50",
                "a1.sources.r1.totalEvents = " + events,
                "a1.channels.c1.type = memory",
                "a1.channels.c1.capacity = 1000",
                "a1.channels.c1.transactionCapacity = 100",
                "a1.sinks.k1.type = file_roll",
                "a1.sinks.k1.channel = c1",
                "a1.sinks.k1.sink.directory = " + out,
                "a1.sinks.k1.sink.rollInterval = 0",
                "a1.sinks.k1.sink.batchSize = 100",
                "");
    }

    void start(String... args) throws IOException {
        start(Map.of(), args);
    }

    void start(Map<String, String> env, String... args) throws IOException {
        List<String> cmd = new ArrayList<>();
        cmd.add(home.resolve("bin/flafka").toString());
        cmd.addAll(List.of(args));
        stdout = tmp.resolve("stdout.txt");
        stderr = tmp.resolve("stderr.txt");
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectOutput(stdout.toFile()).redirectError(stderr.toFile());
        pb.environment().put("FLAFKA_LOG_DIR", tmp.resolve("logs").toString());
        pb.environment().putAll(env);
        process = pb.start();
    }

    static long lines(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            return 0;
        }
        long n = 0;
        try (Stream<Path> s = Files.list(dir)) {
            for (Path f : s.filter(Files::isRegularFile).toList()) {
                try (Stream<String> l = Files.lines(f)) {
                    n += l.count();
                }
            }
        }
        return n;
    }

    String err() throws IOException {
        return Files.readString(stderr);
    }

    int sigterm() throws Exception {
        process.destroy(); // SIGTERM
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).as("agent exits after SIGTERM").isTrue();
        return process.exitValue();
    }

    @Test
    void theFirstAgentStartArchivesTheClassesAndTheNextStartMapsThem() throws Exception {
        Path archive = tmp.resolve("cds/classes.jsa");
        Files.createDirectories(archive.getParent());
        Path conf = tmp.resolve("agent.properties");
        Path out = tmp.resolve("out");
        Files.createDirectories(out);
        Files.writeString(conf, seqToFileRoll(out, 100));
        Path loaded = tmp.resolve("class-load.txt");
        Map<String, String> env = Map.of("FLAFKA_CDS_ARCHIVE", archive.toString(),
                "FLAFKA_JAVA_OPTS", "-Xlog:class+load:file=" + loaded);

        start(env, "agent", "-n", "a1", "-f", conf.toString(), "--no-status");
        Awaitility.await().atMost(Duration.ofSeconds(90)).until(() -> lines(out) >= 100);
        assertThat(sigterm()).isZero();
        assertThat(err()).contains("archiving the classes an agent loads at start");
        assertThat(archive).isRegularFile();
        assertThat(Files.readString(Path.of(archive + ".key"))).contains("flafka-core-");

        // the second start maps Flafka's and Kafka's classes from the archive, and makes none
        Files.delete(loaded);
        start(env, "agent", "-n", "a1", "-f", conf.toString(), "--no-status");
        Awaitility.await().atMost(Duration.ofSeconds(60)).until(() -> Files.exists(loaded)
                && Files.readString(loaded).contains("io.flafka.core.runtime.Agent "));
        Awaitility.await().atMost(Duration.ofSeconds(60)).until(() -> lines(out) >= 200);
        assertThat(sigterm()).isZero();
        assertThat(err()).doesNotContain("archiving");
        assertThat(Files.readAllLines(loaded)).filteredOn(l -> l.contains(" io.flafka.core.runtime.Agent "))
                .singleElement().asString().contains("shared objects file (top)");

        // an archive made for other jars or another Java is made again (the JVM wrote the old one read-only)
        String key = Files.readString(Path.of(archive + ".key"));
        Files.writeString(Path.of(archive + ".key"), "another jar list|another java|0");
        start(env, "agent", "-n", "a1", "-f", conf.toString(), "--no-status");
        Awaitility.await().atMost(Duration.ofSeconds(90)).until(() -> err().contains("archiving"));
        Awaitility.await().atMost(Duration.ofSeconds(90)).until(() -> lines(out) >= 300);   // this run's events too
        assertThat(sigterm()).isZero();
        assertThat(Files.readString(Path.of(archive + ".key"))).isEqualTo(key);
    }

    @Test
    void aClassArchiveThatCannotBeMadeIsNotTriedAgainAtEveryStart() throws Exception {
        Path archive = tmp.resolve("cds/classes.jsa");
        Files.createDirectories(archive.getParent());
        // a Java whose archiving run fails (as one without class data sharing would) and that runs agents as usual
        Path javaHome = tmp.resolve("java-home");
        Path java = javaHome.resolve("bin/java");
        Files.createDirectories(java.getParent());
        String realJava = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Files.writeString(java, "#!/usr/bin/env bash\n"
                + "case \"$*\" in *ArchiveClassesAtExit*) echo 'archiving refused' >&2; exit 3;; esac\n"
                + "exec '" + realJava + "' \"$@\"\n");
        assertThat(java.toFile().setExecutable(true)).isTrue();
        Path conf = tmp.resolve("agent.properties");
        Path out = tmp.resolve("out");
        Files.createDirectories(out);
        Files.writeString(conf, seqToFileRoll(out, 100));
        Map<String, String> env = Map.of("FLAFKA_CDS_ARCHIVE", archive.toString(), "JAVA_HOME", javaHome.toString());

        start(env, "agent", "-n", "a1", "-f", conf.toString(), "--no-status");
        Awaitility.await().atMost(Duration.ofSeconds(90)).until(() -> lines(out) >= 100);
        assertThat(sigterm()).isZero();
        assertThat(err()).contains("could not archive the classes (see " + archive + ".log)");
        assertThat(Files.readString(Path.of(archive + ".log"))).contains("archiving refused");
        assertThat(archive).doesNotExist();
        assertThat(Path.of(archive + ".failed")).isRegularFile();

        // the next start does not spend its seconds on the same failure again
        start(env, "agent", "-n", "a1", "-f", conf.toString(), "--no-status");
        Awaitility.await().atMost(Duration.ofSeconds(60)).until(() -> lines(out) >= 200);
        assertThat(sigterm()).isZero();
        assertThat(err()).doesNotContain("archiving").contains("starting without a class archive")
                .contains("delete " + archive + ".failed to retry");
    }

    @Test
    void deliversEventsServesMetricsAndExits0OnSigterm() throws Exception {
        Path out = tmp.resolve("out");
        Files.createDirectories(out);
        Path conf = tmp.resolve("a1.properties");
        Files.writeString(conf, seqToFileRoll(out, 5000));

        start("agent", "-n", "a1", "-f", conf.toString(), "--status", "-Dflafka.status.intervalMs=500",
                "-Dflume.monitoring.type=http", "-Dflume.monitoring.port=0", "-Dflume.monitoring.host=127.0.0.1");

        Awaitility.await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(200))
                .until(() -> lines(out) >= 5000);
        assertThat(lines(out)).isEqualTo(5000);
        // the file has every number once, in order
        try (Stream<Path> s = Files.list(out)) {
            List<String> all = new ArrayList<>();
            for (Path f : s.sorted().toList()) {
                all.addAll(Files.readAllLines(f));
            }
            assertThat(all.get(0)).isEqualTo("0");
            assertThat(all.get(4999)).isEqualTo("4999");
        }

        Matcher m = Pattern.compile("http://[0-9.]+:(\\d+)/metrics").matcher(err());
        assertThat(m.find()).as("metrics address logged").isTrue();
        String json = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + m.group(1) + "/metrics")).build(),
                HttpResponse.BodyHandlers.ofString()).body();
        JsonNode metrics = new ObjectMapper().readTree(json);
        assertThat(metrics.path("SOURCE.r1").path("EventAcceptedCount").asText()).isEqualTo("5000");
        assertThat(metrics.path("SINK.k1").path("EventDrainSuccessCount").asText()).isEqualTo("5000");
        assertThat(metrics.path("CHANNEL.c1").path("Type").asText()).isEqualTo("CHANNEL");

        Awaitility.await().atMost(Duration.ofSeconds(30))
                .until(() -> Files.readString(stdout).contains("ev/s"));

        assertThat(sigterm()).isZero();
        assertThat(Files.readString(stdout)).contains("total in 5,000  out 5,000");
        assertThat(err()).contains("Agent 'a1' stopped").doesNotContain("\tat ");
    }

    @Test
    void reloadsAChangedConfigurationAndKeepsRunningOnABrokenOne() throws Exception {
        Path outA = tmp.resolve("a");
        Path outB = tmp.resolve("b");
        Files.createDirectories(outA);
        Files.createDirectories(outB);
        Path conf = tmp.resolve("a1.properties");
        Files.writeString(conf, seqToFileRoll(outA, 100));

        start("agent", "-n", "a1", "-f", conf.toString(), "-Dflafka.reload.intervalMs=200");
        Awaitility.await().atMost(Duration.ofSeconds(90)).until(() -> lines(outA) >= 100);

        Files.writeString(conf, seqToFileRoll(outB, 300));
        Awaitility.await().atMost(Duration.ofSeconds(60)).until(() -> lines(outB) >= 300);

        Files.writeString(conf, seqToFileRoll(outB, 300).replace("type = memory", "type = nosuchchannel"));
        Awaitility.await().atMost(Duration.ofSeconds(60))
                .until(() -> err().contains("the running configuration is kept"));
        assertThat(err()).contains("a1.channels.c1.type");
        assertThat(process.isAlive()).isTrue();

        assertThat(sigterm()).isZero();
        assertThat(lines(outA)).isEqualTo(100);
    }

    @Test
    void confDirSuppliesEnvironmentJavaOptsAndLogging() throws Exception {
        Path confDir = tmp.resolve("conf");
        Files.createDirectories(confDir);
        Files.writeString(confDir.resolve("flafka-env.sh"), "FLAFKA_JAVA_OPTS=\"-Xmx128m "
                + "-Dflafka.monitoring.type=http -Dflafka.monitoring.port=0 -Dflafka.monitoring.host=127.0.0.1\"\n");
        Files.writeString(confDir.resolve("logback.xml"), String.join("\n",
                "<configuration>",
                "  <appender name=\"e\" class=\"ch.qos.logback.core.ConsoleAppender\">",
                "    <target>System.err</target>",
                "    <encoder><pattern>CUSTOM %level %msg%n</pattern></encoder>",
                "  </appender>",
                "  <root level=\"INFO\"><appender-ref ref=\"e\"/></root>",
                "</configuration>", ""));
        Path out = tmp.resolve("out");
        Files.createDirectories(out);
        Path conf = tmp.resolve("a1.properties");
        Files.writeString(conf, seqToFileRoll(out, 10));

        start("agent", "-c", confDir.toString(), "-n", "a1", "-f", conf.toString(), "--no-reload-conf");
        Awaitility.await().atMost(Duration.ofSeconds(90)).until(() -> lines(out) >= 10);
        Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> err().contains("is running"));
        assertThat(err()).contains("CUSTOM INFO Metrics served at http://127.0.0.1:");
        assertThat(err()).doesNotContain("Watching");
        assertThat(sigterm()).isZero();
    }

    @Test
    void brokenConfigurationExits2WithoutStackTrace() throws Exception {
        Path conf = tmp.resolve("bad.properties");
        Files.writeString(conf, seqToFileRoll(tmp, 10).replace("a1.sinks.k1.channel = c1", "a1.sinks.k1.channel = c7"));
        start("agent", "-n", "a1", "-f", conf.toString());
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).isEqualTo(2);
        assertThat(err()).contains("a1.sinks.k1.channel: ").doesNotContain("\tat ");
    }
}
