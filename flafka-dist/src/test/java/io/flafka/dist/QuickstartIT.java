package io.flafka.dist;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs {@code bin/flafka quickstart --duration 40} from the packaged distribution (after "package"; see the
 * pom): a child Kafka broker, the three pipelines, then a clean stop. No timing asserts: only that events
 * went all the way and that nothing is left running.
 */
class QuickstartIT {
    private static final Pattern BROKER_PID = Pattern.compile("a broker of its own, pid (\\d+)");
    private static final Pattern TOPICS = Pattern.compile(
            "Kafka topic flume\\.txn holds ([0-9,]+) records, flume\\.auths ([0-9,]+) records");
    private static final Pattern TXN_LINE = Pattern.compile(
            "[0-9a-f-]{36}\\|\\d{16}\\|\\d{4}-\\d{2}-\\d{2} \\d{2}:\\d{2}:\\d{2}\\|\\d+\\.\\d{2}\\|store-\\d{3}");

    static Path home;

    @TempDir
    Path tmp;

    Process process;

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

    @Test
    void runsThreePipelinesOnItsOwnBrokerAndLeavesNothingRunning() throws Exception {
        Path stdout = tmp.resolve("stdout.txt");
        Path stderr = tmp.resolve("stderr.txt");
        ProcessBuilder pb = new ProcessBuilder(home.resolve("bin/flafka").toString(), "quickstart",
                "--duration", "40", "-Dflafka.status.intervalMs=2000")
                .directory(tmp.toFile())
                .redirectOutput(stdout.toFile()).redirectError(stderr.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
        pb.environment().put("FLAFKA_LOG_DIR", tmp.resolve("logs").toString());
        process = pb.start();
        // broker start-up on a loaded machine can take a minute or more; 40 s of running; the drain
        assertThat(process.waitFor(8, TimeUnit.MINUTES)).as("quickstart ends by itself").isTrue();
        String out = Files.readString(stdout, StandardCharsets.UTF_8);
        String err = Files.readString(stderr, StandardCharsets.UTF_8);
        String both = out + "\n--- stderr ---\n" + err;
        assertThat(process.exitValue()).as(both).isZero();

        Path base = tmp.resolve("flafka-quickstart");
        assertThat(base.resolve("quickstart.properties")).content()
                .contains("quickstart.sinks.k1.kafka.topic = flume.txn")
                .contains("quickstart.sinks.k2.kafka.topic = flume.auths")
                .contains("quickstart.channels.c3.type = kafka");
        assertThat(out).as(both).contains("ev/s");

        Matcher topics = TOPICS.matcher(out);
        assertThat(topics.find()).as(both).isTrue();
        assertThat(number(topics.group(1))).as("records in flume.txn").isPositive();
        assertThat(number(topics.group(2))).as("records in flume.auths").isPositive();

        // the ingest pipeline's finished files (hdfs/ once the HDFS sink is installed, files/ before)
        List<Path> files = QuickstartOutput.finishedFiles(base.resolve("hdfs"));
        if (files.isEmpty()) {
            files = QuickstartOutput.finishedFiles(base.resolve("files"));
        }
        assertThat(files).as(both).isNotEmpty();
        List<String> lines = Files.readAllLines(files.get(0), StandardCharsets.UTF_8);
        assertThat(lines).isNotEmpty().allMatch(l -> TXN_LINE.matcher(l).matches(), "a card transaction line");

        Matcher pid = BROKER_PID.matcher(out);
        assertThat(pid.find()).as(both).isTrue();
        long brokerPid = Long.parseLong(pid.group(1));
        Awaitility.await("the broker process is gone").atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofMillis(250))
                .until(() -> ProcessHandle.of(brokerPid).map(ProcessHandle::isAlive).map(a -> !a).orElse(true));
        assertThat(base.resolve("kafka/broker.log")).content().contains("Kafka broker ready at ");
    }

    private static long number(String s) {
        return Long.parseLong(s.replace(",", ""));
    }
}
