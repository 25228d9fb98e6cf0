package io.flafka.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.flafka.testkit.kafka.EmbeddedKafkaBroker;
import io.flafka.testkit.process.AgentProcess;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Kafka channel (no source) to HDFS sink in a real agent process, killed with {@code kill -9} three
 * times mid-stream and started again: afterwards no {@code .tmp} file remains and every record of the
 * topic is in a final file (duplicates are allowed, losses are not). The sink writes local files
 * ({@code file:///}, Hadoop's raw local file system); the HDFS (MiniDFSCluster) variant of the same
 * crash is {@code flafka-hdfs}'s {@code HdfsSinkCrashTest}.
 */
class HdfsCrashIT {
    private static final int TOTAL = 20_000;
    private static final Pattern EVENT = Pattern.compile("ev-(\\d{8})");

    @TempDir
    Path tmp;

    @Test
    void killNineMidStreamLosesNothingAndLeavesNoTmpFiles() throws Exception {
        try (EmbeddedKafkaBroker kafka = EmbeddedKafkaBroker.builder().build().start()) {
            kafka.createTopic("crash", 3);
            produce(kafka.bootstrapServers());
            Path out = tmp.resolve("out");
            Path conf = tmp.resolve("agent.properties");
            Files.writeString(conf, config(kafka.bootstrapServers(), out));
            Path log = tmp.resolve("agent.log");

            long[] killAtBytes = {30_000, 90_000, 160_000}; // 12 bytes per event line
            for (long at : killAtBytes) {
                try (AgentProcess agent = start(conf, log)) {
                    await(agent, Duration.ofSeconds(90), Duration.ofMillis(20), () -> bytes(out) >= at);
                    assertThat(agent.isAlive()).as(agent.logText()).isTrue();
                    agent.kill9();
                }
            }
            assertThat(tmpFiles(out)).as("a kill -9 leaves in-use files").isNotEmpty();

            try (AgentProcess agent = start(conf, log)) {
                // the restart recovers the leftovers and drains the rest of the topic
                await(agent, Duration.ofMinutes(4), Duration.ofMillis(200),
                        () -> seen(out, false).cardinality() == TOTAL);
                assertThat(agent.isAlive()).as(agent.logText()).isTrue();
                agent.kill9();
            }
            try (AgentProcess agent = start(conf, log)) {
                // nothing left to take: the only work is renaming what the last kill left
                await(agent, Duration.ofMinutes(2), Duration.ofMillis(200), () -> tmpFiles(out).isEmpty());
                assertThat(agent.stop(Duration.ofSeconds(60))).as(agent.logText()).isZero();
            }
            assertThat(tmpFiles(out)).isEmpty();
            BitSet seen = seen(out, true);
            assertThat(seen.cardinality()).as("events in final files").isEqualTo(TOTAL);
            assertThat(Files.readString(log)).contains("recovered");
        }
    }

    /** Waits for the condition while the agent lives; on timeout the failure shows the agent's log. */
    private static void await(AgentProcess agent, Duration atMost, Duration poll,
                              java.util.concurrent.Callable<Boolean> condition) {
        try {
            Awaitility.await().atMost(atMost).pollInterval(poll).until(() -> condition.call() || !agent.isAlive());
        } catch (org.awaitility.core.ConditionTimeoutException e) {
            throw new AssertionError("timed out; agent log:\n" + agent.logText(), e);
        }
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
                "a1.sinks.k1.hdfs.path = " + out.toUri().toString().replaceAll("/$", "") + "/%{key}",
                "a1.sinks.k1.hdfs.fileType = DataStream",
                "a1.sinks.k1.hdfs.batchSize = 50",
                "a1.sinks.k1.hdfs.rollCount = 2500",
                "a1.sinks.k1.hdfs.rollSize = 0",
                "a1.sinks.k1.hdfs.rollInterval = 0",
                "");
    }

    private static void produce(String servers) {
        java.util.Properties p = new java.util.Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, servers);
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(p, new StringSerializer(),
                new ByteArraySerializer())) {
            for (int i = 0; i < TOTAL; i++) {
                producer.send(new ProducerRecord<>("crash", "k" + (i % 3),
                        String.format("ev-%08d", i).getBytes(StandardCharsets.UTF_8)));
            }
            producer.flush();
        }
    }

    private static AgentProcess start(Path conf, Path log) throws IOException {
        return AgentProcess.flafka(log, "agent", "-n", "a1", "-f", conf.toString(), "--no-reload-conf");
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

    private static long bytes(Path out) throws IOException {
        long n = 0;
        for (Path p : files(out)) {
            try {
                n += Files.size(p);
            } catch (java.nio.file.NoSuchFileException renamedMeanwhile) {
                // a roll renamed it between listing and reading: the next poll sees it under its new name
            }
        }
        return n;
    }

    /** The event numbers found in the files (only final ones when {@code finalOnly}). */
    private static BitSet seen(Path out, boolean finalOnly) throws IOException {
        BitSet seen = new BitSet();
        List<Path> all = new ArrayList<>(files(out));
        for (Path p : all) {
            if (finalOnly && p.getFileName().toString().endsWith(".tmp")) {
                continue;
            }
            List<String> lines;
            try {
                lines = Files.readAllLines(p, StandardCharsets.UTF_8);
            } catch (java.nio.file.NoSuchFileException renamedMeanwhile) {
                continue; // rolled while we listed: the next poll reads it under its final name
            }
            for (String line : lines) {
                Matcher m = EVENT.matcher(line);
                if (m.matches()) {
                    seen.set(Integer.parseInt(m.group(1)));
                }
            }
        }
        return seen;
    }
}
