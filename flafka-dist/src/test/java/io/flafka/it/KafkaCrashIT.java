package io.flafka.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.flafka.testkit.kafka.EmbeddedKafkaExtension;
import io.flafka.testkit.process.AgentProcess;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.stream.Stream;
import org.awaitility.Awaitility;
import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Crash safety with real agent processes: N numbered events flow from a Kafka topic through an agent
 * in a child JVM that is killed with {@code kill -9} five times at random moments (seeded; the seed is
 * printed) and restarted each time. Once the last agent has caught up, every event must be at the
 * output; duplicates (at-least-once delivery) are counted and printed, not forbidden.
 *
 * <p>The broker runs in the test JVM. Consumers use a short session timeout (the broker allows it) so
 * that a killed agent's group membership expires in seconds instead of Kafka's default 45.
 */
class KafkaCrashIT {
    static final int EVENTS = 20_000;
    static final int KILLS = 5;

    @RegisterExtension
    static final EmbeddedKafkaExtension KAFKA = new EmbeddedKafkaExtension(b -> b
            .property("group.min.session.timeout.ms", "500"));

    @TempDir
    Path tmp;

    static String consumerTuning(String prefix) {
        return prefix + "kafka.consumer.session.timeout.ms = 2000\n"
                + prefix + "kafka.consumer.heartbeat.interval.ms = 400\n";
    }

    @Test
    void kafkaSourceToKafkaChannelToKafkaSinkLosesNothingAcrossKill9() throws Exception {
        String servers = KAFKA.bootstrapServers();
        KAFKA.broker().createTopic("crash-a-in", 3);
        KAFKA.broker().createTopic("crash-a-channel", 3);
        KAFKA.broker().createTopic("crash-a-out", 3);
        Path conf = tmp.resolve("a1.properties");
        Files.writeString(conf, String.join("\n",
                "a1.sources = r1",
                "a1.channels = c1",
                "a1.sinks = k1",
                "a1.sources.r1.type = kafka",
                "a1.sources.r1.channels = c1",
                "a1.sources.r1.kafka.bootstrap.servers = " + servers,
                "a1.sources.r1.kafka.topics = crash-a-in",
                "a1.sources.r1.kafka.consumer.group.id = crash-a-source",
                "a1.sources.r1.kafka.consumer.auto.offset.reset = earliest",
                "a1.sources.r1.batchSize = 200",
                "a1.sources.r1.batchDurationMillis = 200",
                "a1.channels.c1.type = kafka",
                "a1.channels.c1.kafka.bootstrap.servers = " + servers,
                "a1.channels.c1.kafka.topic = crash-a-channel",
                "a1.channels.c1.kafka.consumer.group.id = crash-a-channel",
                "a1.sinks.k1.type = kafka",
                "a1.sinks.k1.channel = c1",
                "a1.sinks.k1.kafka.bootstrap.servers = " + servers,
                "a1.sinks.k1.kafka.topic = crash-a-out",
                // the events carry the source's topic header: it must not choose the sink's topic
                "a1.sinks.k1.allowTopicOverride = false",
                "a1.sinks.k1.flumeBatchSize = 200",
                "") + consumerTuning("a1.sources.r1.") + consumerTuning("a1.channels.c1."));

        Tally tally = new Tally(EVENTS);
        CrashLoop loop = new CrashLoop("kafka->kafka channel->kafka", conf, tmp);
        try (Feeder feeder = new Feeder(servers, "crash-a-in", EVENTS, 100, 150).start();
             TopicTail out = new TopicTail(servers, "crash-a-out", tally)) {
            long t0 = System.nanoTime();
            loop.killRepeatedly(KILLS, 0, 1_500, out::catchUp, EVENTS);
            feeder.await(60_000);
            long t1 = System.nanoTime();
            AgentProcess last = loop.startRunning();
            awaitAll(tally, out::catchUp, loop);
            System.out.printf("kills %d ms, final catch-up %d ms%n", (t1 - t0) / 1_000_000,
                    (System.nanoTime() - t1) / 1_000_000);
            assertThat(last.stop(Duration.ofSeconds(30))).as("exit code after SIGTERM").isZero();
            out.catchUp();
        } finally {
            loop.closeAll();
        }
        report("kafka source -> kafka channel -> kafka sink", tally);
        assertThat(tally.missing()).as(tally.summary()).isEmpty();
        assertThat(tally.foreign()).as(tally.summary()).isZero();
    }

    @Test
    void kafkaChannelWithoutSourceToFileRollLosesNothingAcrossKill9() throws Exception {
        String servers = KAFKA.bootstrapServers();
        KAFKA.broker().createTopic("crash-b-channel", 3);
        Path outDir = Files.createDirectories(tmp.resolve("out"));
        Path conf = tmp.resolve("a1.properties");
        Files.writeString(conf, String.join("\n",
                "a1.channels = c1",
                "a1.sinks = k1",
                "a1.channels.c1.type = kafka",
                "a1.channels.c1.kafka.bootstrap.servers = " + servers,
                "a1.channels.c1.kafka.topic = crash-b-channel",
                "a1.channels.c1.kafka.consumer.group.id = crash-b",
                // other producers write plain bodies into the channel's topic
                "a1.channels.c1.parseAsFlumeEvent = false",
                "a1.sinks.k1.type = file_roll",
                "a1.sinks.k1.channel = c1",
                "a1.sinks.k1.sink.directory = " + outDir,
                "a1.sinks.k1.sink.rollInterval = 0",
                "a1.sinks.k1.sink.batchSize = 200",
                "") + consumerTuning("a1.channels.c1."));

        CrashLoop loop = new CrashLoop("kafka channel->file_roll", conf, tmp);
        Tally[] tally = {new Tally(EVENTS)};
        try (Feeder feeder = new Feeder(servers, "crash-b-channel", EVENTS, 100, 150).start()) {
            long t0 = System.nanoTime();
            loop.killRepeatedly(KILLS, 0, 1_500, () -> {
                try {
                    return readFiles(outDir).unique();
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            }, EVENTS);
            feeder.await(60_000);
            long t1 = System.nanoTime();
            AgentProcess last = loop.startRunning();
            awaitAll(null, () -> {
                tally[0] = readFiles(outDir);
                return tally[0].unique();
            }, loop);
            System.out.printf("kills %d ms, final catch-up %d ms%n", (t1 - t0) / 1_000_000,
                    (System.nanoTime() - t1) / 1_000_000);
            assertThat(last.stop(Duration.ofSeconds(30))).as("exit code after SIGTERM").isZero();
        } finally {
            loop.closeAll();
        }
        Tally t = readFiles(outDir);
        report("kafka channel -> file_roll", t);
        assertThat(t.missing()).as(t.summary()).isEmpty();
    }

    interface Progress {
        int unique() throws Exception;
    }

    static void awaitAll(Tally tally, Progress progress, CrashLoop loop) {
        try {
            Awaitility.await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(300))
                    .until(() -> progress.unique() >= EVENTS);
        } catch (ConditionTimeoutException e) {
            throw new AssertionError("not every event arrived" + (tally == null ? "" : ": " + tally.summary())
                    + "\n" + loop.logs(), e);
        }
    }

    /**
     * Every complete line of every output file. A kill -9 can leave the last line of a file cut short
     * (it has no newline); it is counted as foreign, not as an event: that event is delivered again.
     */
    static Tally readFiles(Path dir) throws IOException {
        Tally t = new Tally(EVENTS);
        try (Stream<Path> files = Files.list(dir)) {
            for (Path f : files.filter(Files::isRegularFile).toList()) {
                String text = new String(Files.readAllBytes(f), StandardCharsets.UTF_8);
                int start = 0;
                for (int nl = text.indexOf('\n'); nl >= 0; nl = text.indexOf('\n', start)) {
                    t.add(text.substring(start, nl));
                    start = nl + 1;
                }
                if (start < text.length()) {
                    t.add("cut:" + text.substring(start));
                }
            }
        }
        return t;
    }

    static void report(String what, Tally t) {
        System.out.println("[" + what + "] after " + KILLS + " x kill -9: " + t.summary());
    }
}
