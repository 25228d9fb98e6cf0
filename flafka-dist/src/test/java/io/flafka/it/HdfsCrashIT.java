package io.flafka.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.flafka.testkit.kafka.EmbeddedKafkaBroker;
import io.flafka.testkit.process.AgentProcess;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Kafka channel (no source) to HDFS sink in a real agent process (issue 5), killed with {@code kill -9}
 * five times at random moments mid-stream (seeded and printed, as {@link CrashLoop} does) while a
 * producer keeps writing to the channel's topic (each agent gets its share as it starts), and started
 * again each time; then once more killed
 * after the last event is delivered, to check that a restart with (almost) nothing to take still recovers
 * what the kill left. Afterwards no {@code .tmp} file remains and every record of the topic is in a
 * final file: zero missing; duplicates (flushed to a file, but the take not committed at the kill) are
 * counted and printed.
 *
 * <p>The sink writes local files ({@code file:///}, Hadoop's raw local file system). A MiniDFSCluster in
 * this JVM would need {@code hadoop-client-minicluster} on flafka-dist's test class path, which every agent
 * child process of every IT inherits (they run on the test JVM's class path), and about 15 s to start;
 * the HDFS-specific part of the crash (lease recovery of files a killed writer left open) is covered on a
 * MiniDFSCluster by {@code flafka-hdfs}'s {@code HdfsSinkCrashTest}.
 */
class HdfsCrashIT {
    private static final int TOTAL = 20_000;
    private static final int KILLS = Integer.getInteger("flafka.it.hdfs.kills", 5);

    @TempDir
    Path tmp;

    @Test
    void killNineMidStreamLosesNothingAndLeavesNoTmpFiles() throws Exception {
        long t0 = System.nanoTime();
        try (EmbeddedKafkaBroker kafka = EmbeddedKafkaBroker.builder()
                .property("group.min.session.timeout.ms", "500").build().start()) {
            String servers = kafka.bootstrapServers();
            kafka.createTopic("crash", 3);
            Path out = tmp.resolve("out");
            Path conf = tmp.resolve("agent.properties");
            Files.writeString(conf, config(servers, out));
            CrashLoop loop = new CrashLoop("kafka channel -> hdfs (local files)", conf, tmp);
            long t1;
            int tmpAfterKills;
            List<Feeder> feeders = new java.util.ArrayList<>();
            int perAgent = TOTAL / KILLS;
            int chunk = Math.max(25, perAgent / 80); // each agent's share trickles in over about 9 s
            try {
                // each agent starts with its own share of the topic arriving, so that every kill lands mid-stream
                loop.killRepeatedly(KILLS, 300, 1_500, () -> read(out, false).unique(), TOTAL, i -> feeders.add(
                        new Feeder(servers, "crash", i * perAgent, (i + 1) * perAgent, chunk, 100).keys(3).start()));
                t1 = System.nanoTime();
                tmpAfterKills = tmpFiles(out).size();
                System.out.println("[hdfs] after " + KILLS + " kills: " + read(out, false).summary() + ", "
                        + tmpAfterKills + " .tmp files left");
                for (Feeder f : feeders) {
                    f.await(60_000);
                }
                AgentProcess drain = loop.startRunning();
                // the restart recovers the leftovers and drains the rest of the topic
                await(drain, loop, Duration.ofSeconds(120), () -> read(out, false).unique() == TOTAL);
                drain.kill9();
                List<Path> leftByDrain = tmpFiles(out);
                AgentProcess idle = loop.startRunning();
                // the main work is renaming what the last kill left; the drain's last take may not have been
                // committed, so the restart may also take that batch again and open new in-use files (rollCount
                // and rollInterval do not close them): those are closed by the SIGTERM below
                await(idle, loop, Duration.ofSeconds(60),
                        () -> leftByDrain.stream().noneMatch(Files::exists));
                assertThat(idle.stop(Duration.ofSeconds(60))).as("exit code after SIGTERM").isZero();
            } finally {
                loop.closeAll();
                for (Feeder f : feeders) {
                    f.close();
                }
            }
            assertThat(tmpFiles(out)).isEmpty();
            Tally done = read(out, true);
            System.out.printf("[kafka channel -> hdfs (local files)] %d kills mid-stream + 1 idle, %d sent, "
                            + "%d delivered in final files, %d missing, %d duplicates, %d cut lines, %d .tmp left "
                            + "by the kills; kills %.1f s, drain and recovery %.1f s, total %.1f s (seed %d)%n",
                    KILLS, TOTAL, done.unique(), done.missing().size(), done.duplicates(), done.foreign(),
                    tmpAfterKills, (t1 - t0) / 1e9, (System.nanoTime() - t1) / 1e9, (System.nanoTime() - t0) / 1e9,
                    loop.seed());
            // a line cut by a kill in a recovered file is counted as foreign: its event was delivered again
            assertThat(done.missing()).as(done.summary()).isEmpty();
            if (tmpAfterKills > 0) {
                assertThat(allLogs(tmp)).contains("recovered");
            }
        }
    }

    /** Waits for the condition while the agent lives; on timeout the failure shows the agents' logs. */
    private static void await(AgentProcess agent, CrashLoop loop, Duration atMost,
                              java.util.concurrent.Callable<Boolean> condition) {
        try {
            Awaitility.await().atMost(atMost).pollInterval(Duration.ofMillis(200))
                    .until(() -> condition.call() || !agent.isAlive());
        } catch (org.awaitility.core.ConditionTimeoutException e) {
            throw new AssertionError("timed out\n" + loop.logs(), e);
        }
        assertThat(agent.isAlive()).as("agent died:\n%s", loop.logs()).isTrue();
    }

    private static String config(String servers, Path out) {
        return String.join("\n",
                "a1.channels = c1",
                "a1.sinks = k1",
                "a1.channels.c1.type = org.apache.flume.channel.kafka.KafkaChannel",
                "a1.channels.c1.kafka.bootstrap.servers = " + servers,
                "a1.channels.c1.kafka.topic = crash",
                "a1.channels.c1.kafka.consumer.group.id = hdfs-crash",
                "a1.channels.c1.kafka.consumer.auto.offset.reset = earliest",
                "a1.channels.c1.parseAsFlumeEvent = false",
                "a1.sinks.k1.type = hdfs",
                "a1.sinks.k1.channel = c1",
                // three buckets (the producer's keys): three files open at once
                "a1.sinks.k1.hdfs.path = " + out.toUri().toString().replaceAll("/$", "") + "/%{key}",
                "a1.sinks.k1.hdfs.fileType = DataStream",
                "a1.sinks.k1.hdfs.batchSize = 50",
                "a1.sinks.k1.hdfs.rollCount = 2500",
                "a1.sinks.k1.hdfs.rollSize = 0",
                "a1.sinks.k1.hdfs.rollInterval = 0",
                "") + KafkaCrashIT.consumerTuning("a1.channels.c1.");
    }

    private static String allLogs(Path dir) throws IOException {
        StringBuilder sb = new StringBuilder();
        try (Stream<Path> s = Files.list(dir)) {
            for (Path p : s.filter(f -> f.getFileName().toString().endsWith(".log")).toList()) {
                sb.append(Files.readString(p));
            }
        }
        return sb.toString();
    }

    private static List<Path> files(Path out) throws IOException {
        if (!Files.exists(out)) {
            return List.of();
        }
        try (Stream<Path> s = Files.walk(out)) {
            return s.filter(Files::isRegularFile).toList();
        }
    }

    private static List<Path> tmpFiles(Path out) throws IOException {
        return files(out).stream().filter(p -> p.getFileName().toString().endsWith(".tmp")).toList();
    }

    /** The events found in the files (only final ones when {@code finalOnly}); a line cut short is foreign. */
    private static Tally read(Path out, boolean finalOnly) throws IOException {
        Tally t = new Tally(TOTAL);
        for (Path p : files(out)) {
            if (finalOnly && p.getFileName().toString().endsWith(".tmp")) {
                continue;
            }
            String text;
            try {
                text = new String(Files.readAllBytes(p), StandardCharsets.UTF_8);
            } catch (java.nio.file.NoSuchFileException renamedMeanwhile) {
                continue; // rolled while we listed: the next poll reads it under its final name
            }
            int start = 0;
            for (int nl = text.indexOf('\n'); nl >= 0; nl = text.indexOf('\n', start)) {
                t.add(text.substring(start, nl));
                start = nl + 1;
            }
            if (start < text.length() && finalOnly) {
                t.add("cut:" + text.substring(start));
            }
        }
        return t;
    }
}
