package io.flafka.it;

import static org.assertj.core.api.Assertions.assertThat;

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
import java.util.Random;
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
 * kill -9 a real agent (netcat source with acks → file channel → file_roll sink) at random moments while
 * a client sends, restart it each time, and check that every line the source acknowledged with {@code OK}
 * reaches the output: none missing; duplicates (redelivery after a crash) are counted and printed.
 */
class FileChannelCrashIT {
    private static final Pattern LINE = Pattern.compile("^ev-(\\d+)-end$");
    private static final int KILLS = 5;

    @TempDir
    Path tmp;

    private final Set<Long> acked = ConcurrentHashMap.newKeySet();
    private final AtomicLong next = new AtomicLong();

    @Test
    void acknowledgedEventsSurviveKillNine() throws Exception {
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
                "a1.channels.c1.type = file",
                "a1.channels.c1.checkpointDir = " + tmp.resolve("checkpoint"),
                "a1.channels.c1.dataDirs = " + tmp.resolve("data1") + "," + tmp.resolve("data2"),
                "a1.channels.c1.checkpointInterval = 700",
                "a1.channels.c1.transactionCapacity = 1000",
                "a1.channels.c1.minimumRequiredSpace = 1048576",
                "a1.sinks.k1.type = file_roll",
                "a1.sinks.k1.channel = c1",
                "a1.sinks.k1.sink.directory = " + out,
                "a1.sinks.k1.sink.rollInterval = 0",
                "a1.sinks.k1.sink.batchSize = 100",
                ""));
        Random random = new Random();
        Path log = tmp.resolve("agent.log");
        for (int round = 0; round < KILLS; round++) {
            try (AgentProcess agent = AgentProcess.flafka(log, "agent", "-n", "a1", "-f", conf.toString(),
                    "--no-reload-conf")) {
                awaitListening(agent, port);
                Thread sender = new Thread(() -> send(port), "sender");
                sender.start();
                Thread.sleep(300 + random.nextInt(1500));
                agent.kill9();
                sender.join(30_000);
            }
        }
        assertThat(acked).as("the client got acknowledgements").isNotEmpty();
        try (AgentProcess agent = AgentProcess.flafka(log, "agent", "-n", "a1", "-f", conf.toString(),
                "--no-reload-conf")) {
            Awaitility.await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(300))
                    .until(() -> !agent.isAlive() || delivered(out).keySet().containsAll(acked));
            assertThat(agent.isAlive()).as("agent died:\n%s", agent.logText()).isTrue();
            agent.stop(Duration.ofSeconds(30));
        }
        Map<Long, Integer> seen = delivered(out);
        Set<Long> missing = new TreeSet<>(acked);
        missing.removeAll(seen.keySet());
        long duplicates = seen.values().stream().mapToLong(n -> n - 1).sum();
        System.out.printf("FileChannelCrashIT: %d kills, %d events sent, %d acknowledged, %d delivered, "
                        + "%d missing, %d duplicates%n", KILLS, next.get(), acked.size(), seen.size(), missing.size(),
                duplicates);
        assertThat(missing).as("acknowledged events missing from the output").isEmpty();
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
        Awaitility.await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(100)).until(() -> {
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
