package io.flafka.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.flafka.testkit.kafka.EmbeddedKafkaBroker;
import io.flafka.testkit.process.AgentProcess;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The file channel's promise under {@code kill -9} (issue 4): a real agent process is killed twenty
 * times at random moments (seeded: the seed is printed, {@code -Dflafka.it.seed=<seed>} replays the
 * schedule; {@code -Dflafka.it.kills=N} changes the count, {@code -Dflafka.it.kafka.kills=N} that of the
 * Kafka variant alone) while events flow, and restarted each time.
 * Afterwards every event whose put was committed is delivered: none missing; duplicates (taken but not
 * yet committed at a kill, so delivered again) are counted and printed.
 * <ul>
 *   <li>netcat with acks → file channel → file_roll: an {@code OK} is only sent after the channel commit,
 *       so every acknowledged line must be in the output;</li>
 *   <li>Kafka source → file channel → Kafka sink: the source commits its offsets after the channel
 *       commit, so every record of the input topic must reach the output topic. Each agent's share of the
 *       input trickles in while it starts and runs, so the kills land mid-flow; the source uses Kafka's
 *       consumer group protocol (KIP-848), with which a restarted agent gets its partitions sooner.</li>
 * </ul>
 */
class FileChannelCrashIT {
    static final int KILLS = Integer.getInteger("flafka.it.kills", 20);
    /** The Kafka variant's cycles are longer (group join): its own knob, for a tight CI budget. */
    static final int KAFKA_KILLS = Integer.getInteger("flafka.it.kafka.kills", KILLS);
    private static final Pattern LINE = Pattern.compile("^ev-(\\d+)-end$");
    private static final int KAFKA_EVENTS = 30_000;

    @TempDir
    Path tmp;

    private final Set<Long> acked = ConcurrentHashMap.newKeySet();
    private final AtomicLong next = new AtomicLong();

    private String fileChannel() {
        return String.join("\n",
                "a1.channels.c1.type = file",
                "a1.channels.c1.checkpointDir = " + tmp.resolve("checkpoint"),
                "a1.channels.c1.dataDirs = " + tmp.resolve("data1") + "," + tmp.resolve("data2"),
                "a1.channels.c1.checkpointInterval = 700",
                "a1.channels.c1.transactionCapacity = 1000",
                "a1.channels.c1.minimumRequiredSpace = 1048576",
                "");
    }

    @Test
    void acknowledgedEventsSurviveTwentyKillNine() throws Exception {
        long t0 = System.nanoTime();
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        Path out = Files.createDirectories(tmp.resolve("out"));
        Path conf = tmp.resolve("agent.properties");
        Files.writeString(conf, String.join("\n",
                "a1.sources = r1",
                "a1.channels = c1",
                "a1.sinks = k1",
                "a1.sources.r1.type = netcat",
                "a1.sources.r1.bind = 127.0.0.1",
                "a1.sources.r1.port = " + port,
                "a1.sources.r1.batchSize = 50",
                "a1.sources.r1.channels = c1",
                "a1.sinks.k1.type = file_roll",
                "a1.sinks.k1.channel = c1",
                "a1.sinks.k1.sink.directory = " + out,
                "a1.sinks.k1.sink.rollInterval = 0",
                "a1.sinks.k1.sink.batchSize = 100",
                "") + fileChannel());
        CrashLoop loop = new CrashLoop("netcat -> file channel -> file_roll", conf, tmp);
        try {
            for (int round = 0; round < KILLS; round++) {
                AgentProcess agent = loop.start();
                awaitListening(agent, port);
                Thread sender = new Thread(() -> send(port), "sender");
                sender.start();
                Thread.sleep(loop.lifetime(300, 1_500));
                assertThat(agent.isAlive()).as("agent %d died by itself:%n%s", round, agent.logText()).isTrue();
                agent.kill9();
                sender.join(30_000);
            }
            long t1 = System.nanoTime();
            assertThat(acked).as("the client got acknowledgements").isNotEmpty();
            AgentProcess last = loop.startRunning();
            Awaitility.await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(300))
                    .until(() -> !last.isAlive() || delivered(out).keySet().containsAll(acked));
            assertThat(last.isAlive()).as("agent died:\n%s", last.logText()).isTrue();
            int exit = last.stop(Duration.ofSeconds(30));
            Map<Long, Integer> seen = delivered(out);
            Set<Long> missing = new TreeSet<>(acked);
            missing.removeAll(seen.keySet());
            long duplicates = seen.values().stream().mapToLong(n -> n - 1).sum();
            System.out.printf("[netcat -> file channel -> file_roll] %d kills, %d events sent, %d acknowledged, "
                            + "%d delivered, %d missing, %d duplicates; kills %.1f s, final drain %.1f s, "
                            + "total %.1f s (seed %d)%n", KILLS, next.get(), acked.size(), seen.size(),
                    missing.size(), duplicates, (t1 - t0) / 1e9, (System.nanoTime() - t1) / 1e9,
                    (System.nanoTime() - t0) / 1e9, loop.seed());
            assertThat(missing).as("acknowledged events missing from the output\n%s", loop.logs()).isEmpty();
            assertThat(exit).as("exit code after SIGTERM").isZero();
        } finally {
            loop.closeAll();
        }
    }

    @Test
    void kafkaSourceToFileChannelToKafkaSinkLosesNothingAcrossTwentyKillNine() throws Exception {
        long t0 = System.nanoTime();
        // Kafka's consumer group protocol (KIP-848) with short broker-side timeouts: a restarted agent gets its
        // partitions on its first heartbeats, instead of a classic join and sync round
        try (EmbeddedKafkaBroker kafka = EmbeddedKafkaBroker.builder()
                .property("group.consumer.min.session.timeout.ms", "1000")
                .property("group.consumer.session.timeout.ms", "2000")
                .property("group.consumer.min.heartbeat.interval.ms", "100")
                .property("group.consumer.heartbeat.interval.ms", "300").build().start()) {
            String servers = kafka.bootstrapServers();
            kafka.createTopic("fc-in", 3);
            kafka.createTopic("fc-out", 3);
            Path conf = tmp.resolve("agent.properties");
            Files.writeString(conf, String.join("\n",
                    "a1.sources = r1",
                    "a1.channels = c1",
                    "a1.sinks = k1",
                    "a1.sources.r1.type = kafka",
                    "a1.sources.r1.channels = c1",
                    "a1.sources.r1.kafka.bootstrap.servers = " + servers,
                    "a1.sources.r1.kafka.topics = fc-in",
                    "a1.sources.r1.kafka.consumer.group.id = fc-source",
                    "a1.sources.r1.kafka.consumer.auto.offset.reset = earliest",
                    "a1.sources.r1.kafka.consumer.group.protocol = consumer",
                    "a1.sources.r1.batchSize = 200",
                    "a1.sources.r1.batchDurationMillis = 100",
                    "a1.sinks.k1.type = kafka",
                    "a1.sinks.k1.channel = c1",
                    "a1.sinks.k1.kafka.bootstrap.servers = " + servers,
                    "a1.sinks.k1.kafka.topic = fc-out",
                    "a1.sinks.k1.allowTopicOverride = false",
                    "a1.sinks.k1.flumeBatchSize = 200",
                    "") + fileChannel());
            Tally tally = new Tally(KAFKA_EVENTS);
            CrashLoop loop = new CrashLoop("kafka -> file channel -> kafka", conf, tmp);
            List<Feeder> feeders = new java.util.ArrayList<>();
            int perAgent = KAFKA_EVENTS / KAFKA_KILLS;
            int chunk = Math.max(25, perAgent / 60); // each agent's share trickles in over about 10 s
            try (TopicTail out = new TopicTail(servers, "fc-out", tally)) {
                // each agent starts with its own share of the input arriving, so that every kill lands mid-flow
                loop.killRepeatedly(KAFKA_KILLS, 300, 1_500, out::catchUp, KAFKA_EVENTS, i -> feeders.add(
                        new Feeder(servers, "fc-in", i * perAgent, (i + 1) * perAgent, chunk, 150).start()));
                long t1 = System.nanoTime();
                for (Feeder f : feeders) {
                    f.await(60_000);
                }
                AgentProcess last = loop.startRunning();
                try {
                    Awaitility.await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(300))
                            .until(() -> out.catchUp() >= KAFKA_EVENTS || !last.isAlive());
                } catch (org.awaitility.core.ConditionTimeoutException e) {
                    throw new AssertionError("not every event arrived: " + tally.summary() + "\n" + loop.logs(), e);
                }
                assertThat(last.stop(Duration.ofSeconds(30))).as("exit code after SIGTERM").isZero();
                out.catchUp();
                System.out.printf("[kafka -> file channel -> kafka] %d kills, %d sent, %d delivered, %d missing, "
                                + "%d duplicates; kills %.1f s, final drain %.1f s, total %.1f s (seed %d)%n",
                        KAFKA_KILLS, KAFKA_EVENTS, tally.unique(), tally.missing().size(), tally.duplicates(),
                        (t1 - t0) / 1e9, (System.nanoTime() - t1) / 1e9, (System.nanoTime() - t0) / 1e9,
                        loop.seed());
            } finally {
                loop.closeAll();
                for (Feeder f : feeders) {
                    f.close();
                }
            }
            assertThat(tally.missing()).as(tally.summary()).isEmpty();
            assertThat(tally.foreign()).as(tally.summary()).isZero();
        }
    }

    /** Sends lines in pipelined groups of 50 until the agent dies; records every acknowledged line. */
    private void send(int port) {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", port), 5_000);
            s.setSoTimeout(20_000);
            OutputStream os = s.getOutputStream();
            BufferedReader in = new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.UTF_8));
            long[] group = new long[50];
            while (true) {
                StringBuilder b = new StringBuilder();
                for (int i = 0; i < group.length; i++) {
                    group[i] = next.getAndIncrement();
                    b.append("ev-").append(group[i]).append("-end\n");
                }
                os.write(b.toString().getBytes(StandardCharsets.UTF_8));
                os.flush();
                for (long id : group) {
                    String reply = in.readLine();
                    if (reply == null) {
                        return;
                    }
                    if (reply.equals("OK")) {
                        acked.add(id);
                    }
                }
            }
        } catch (IOException e) {
            // the agent was killed: lines without an OK are not counted
        }
    }

    private static void awaitListening(AgentProcess agent, int port) {
        Awaitility.await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(50)).until(() -> {
            if (!agent.isAlive()) {
                throw new AssertionError("agent exited:\n" + agent.logText());
            }
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress("127.0.0.1", port), 1_000);
                return true;
            } catch (IOException e) {
                return false;
            }
        });
    }

    /** Event id to number of times it appears in the sink's files (complete lines only). */
    private static Map<Long, Integer> delivered(Path out) throws IOException {
        Map<Long, Integer> seen = new HashMap<>();
        List<Path> files;
        try (Stream<Path> s = Files.list(out)) {
            files = s.toList();
        }
        for (Path f : files) {
            for (String line : Files.readAllLines(f, StandardCharsets.UTF_8)) {
                Matcher m = LINE.matcher(line);
                if (m.matches()) {
                    seen.merge(Long.parseLong(m.group(1)), 1, Integer::sum);
                }
            }
        }
        return seen;
    }
}
