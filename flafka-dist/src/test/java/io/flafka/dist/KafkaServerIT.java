package io.flafka.dist;

import static org.assertj.core.api.Assertions.assertThat;

import io.flafka.dist.kafka.FreePorts;
import io.flafka.dist.kafka.KafkaAdmin;
import io.flafka.dist.kafka.KafkaServerMain;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code bin/flafka kafka-server} from the packaged distribution: ready line, a usable broker, restart, SIGTERM. */
class KafkaServerIT {
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

    Path start(Path dir, int port, String name) throws Exception {
        Path out = tmp.resolve(name + ".txt");
        ProcessBuilder pb = new ProcessBuilder(home.resolve("bin/flafka").toString(), "kafka-server",
                "--dir", dir.toString(), "--port", Integer.toString(port))
                .redirectErrorStream(true).redirectOutput(out.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
        pb.environment().put("FLAFKA_LOG_DIR", tmp.resolve("logs").toString());
        process = pb.start();
        Awaitility.await("ready line").atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofMillis(250))
                .until(() -> Files.readString(out, StandardCharsets.UTF_8).contains(KafkaServerMain.READY)
                        || !process.isAlive());
        assertThat(Files.readString(out, StandardCharsets.UTF_8)).contains(KafkaServerMain.READY + "127.0.0.1:" + port);
        return out;
    }

    void stop() throws Exception {
        process.destroy(); // SIGTERM
        assertThat(process.waitFor(90, TimeUnit.SECONDS)).as("broker exits after SIGTERM").isTrue();
    }

    @Test
    void servesClientsKeepsItsTopicsAcrossARestartAndStopsOnSigterm() throws Exception {
        Path dir = tmp.resolve("kafka");
        int port = FreePorts.pick();
        start(dir, port, "first");
        try (KafkaAdmin admin = new KafkaAdmin("127.0.0.1:" + port)) {
            admin.awaitReady(Duration.ofMinutes(2), () -> true);
            admin.ensureTopics(List.of("kept"), 2, Duration.ofMinutes(2));
            assertThat(admin.endOffsets("kept")).isZero();
        }
        stop();

        int port2 = FreePorts.pick();
        start(dir, port2, "second");
        try (KafkaAdmin admin = new KafkaAdmin("127.0.0.1:" + port2)) {
            admin.awaitReady(Duration.ofMinutes(2), () -> true);
            // the topic of the first run is still there
            assertThat(admin.endOffsets("kept")).isZero();
        }
        stop();
    }
}
