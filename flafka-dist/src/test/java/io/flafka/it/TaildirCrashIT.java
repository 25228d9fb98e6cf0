package io.flafka.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.flafka.testkit.process.AgentProcess;
import java.io.FileOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/**
 * TAILDIR in a real agent process (TAILDIR -> memory channel -> file_roll), killed with SIGKILL three
 * times while a writer appends to the file and rotates it (rename + create), then restarted.
 *
 * <p>What a memory channel allows to prove: TAILDIR saves a position only after the batch is committed
 * to the channel, so everything not yet in the channel at a kill is read again after the restart; the
 * events sitting in the memory channel at the kill are gone with the process (the channel is not
 * durable). So the test asserts that every line written is in the output except at most what the
 * channel and the sink's batch can hold per kill, that no line is torn, and it counts duplicates (lines
 * committed to the channel but not yet in the position file: with {@code writePosInterval = 0} at most one
 * batch per kill). A durable channel turns the loss bound into zero; that belongs to the file channel's
 * own crash test. (With a larger writePosInterval, duplicates per kill grow to what is read in that
 * interval, which during the catch-up after a restart can be thousands of lines.)
 */
class TaildirCrashIT {
    private static final int TOTAL = 12_000;
    private static final int ROTATE_AT = 6_000;
    private static final int CHANNEL_CAPACITY = 100;
    private static final int BATCH = 20;
    private static final int KILLS = 3;
    private static final Pattern LINE = Pattern.compile("line-\\d{6}");

    /** Kept under target/ so the agents' logs can be read after a failure. */
    private final Path dir = Path.of("target", "taildir-crash-it").toAbsolutePath();

    @Test
    void killNineMidFileLosesAtMostTheMemoryChannelAndTearsNothing() throws Exception {
        deleteRecursively(dir);
        Path logs = Files.createDirectories(dir.resolve("logs"));
        Path out = Files.createDirectories(dir.resolve("out"));
        Path conf = dir.resolve("agent.properties");
        Files.writeString(conf, String.join("\n",
                "a1.sources = r1",
                "a1.channels = c1",
                "a1.sinks = k1",
                "a1.sources.r1.type = TAILDIR",
                "a1.sources.r1.channels = c1",
                "a1.sources.r1.filegroups = g1",
                "a1.sources.r1.filegroups.g1 = " + logs + "/app.log",
                "a1.sources.r1.positionFile = " + dir.resolve("taildir_position.json"),
                "a1.sources.r1.batchSize = " + BATCH,
                "a1.sources.r1.writePosInterval = 0",
                "a1.channels.c1.type = memory",
                "a1.channels.c1.capacity = " + CHANNEL_CAPACITY,
                "a1.channels.c1.transactionCapacity = " + BATCH,
                "a1.sinks.k1.type = file_roll",
                "a1.sinks.k1.channel = c1",
                "a1.sinks.k1.sink.directory = " + out,
                "a1.sinks.k1.sink.rollInterval = 0",
                "a1.sinks.k1.sink.batchSize = " + BATCH,
                ""));
        AtomicInteger written = new AtomicInteger();
        Thread writer = new Thread(() -> write(logs, written), "writer");
        AgentProcess agent = start(conf, 0);
        try {
            awaitRunning(agent);
            writer.start();
            for (int kill = 1; kill <= KILLS; kill++) {
                long target = outputLines(out) + 600;
                AgentProcess running = agent;
                long notBefore = System.currentTimeMillis() + 1_000;
                Awaitility.await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(50))
                        .until(() -> ((outputLines(out) >= target || !writer.isAlive())
                                && System.currentTimeMillis() >= notBefore) || !running.isAlive());
                assertThat(agent.isAlive()).as("agent alive before kill %d:%n%s", kill, agent.logText()).isTrue();
                agent.kill9();
                System.out.printf("TaildirCrashIT: kill %d with %d lines out; positions %s%n", kill, outputLines(out),
                        Files.readString(dir.resolve("taildir_position.json")));
                agent = start(conf, kill);
                awaitRunning(agent);
            }
            writer.join(120_000);
            assertThat(written.get()).isEqualTo(TOTAL);
            AgentProcess last = agent;
            Awaitility.await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(200))
                    .until(() -> contains(out, String.format("line-%06d", TOTAL - 1)) || !last.isAlive());
            // let the last batches drain, then stop cleanly
            Thread.sleep(1_000);
            assertThat(agent.stop(Duration.ofSeconds(60))).as(agent.logText()).isNotEqualTo(-1);
        } finally {
            agent.close();
            writer.interrupt();
        }

        Map<String, Integer> seen = new HashMap<>();
        List<String> torn = new ArrayList<>();
        for (String l : allLines(out)) {
            if (!LINE.matcher(l).matches()) {
                torn.add(l);
            }
            seen.merge(l, 1, Integer::sum);
        }
        TreeSet<Integer> missing = new TreeSet<>();
        for (int i = 0; i < TOTAL; i++) {
            if (!seen.containsKey(String.format("line-%06d", i))) {
                missing.add(i);
            }
        }
        long duplicates = seen.values().stream().mapToLong(n -> n - 1).sum();
        System.out.printf("TaildirCrashIT: %d lines written, %d kills, %d missing (first %s, last %s), "
                + "%d duplicated%n", TOTAL, KILLS, missing.size(), missing.isEmpty() ? "-" : missing.first(),
                missing.isEmpty() ? "-" : missing.last(), duplicates);
        try (Stream<Path> files = Files.list(out)) {
            for (Path f : files.sorted().toList()) {
                List<String> ls = Files.readAllLines(f);
                System.out.println("output " + f.getFileName() + ": " + ls.size() + " lines, first "
                        + (ls.isEmpty() ? "-" : ls.get(0)) + ", last " + (ls.isEmpty() ? "-" : ls.get(ls.size() - 1)));
            }
        }
        if (!missing.isEmpty() || duplicates > 1_000) {
            for (int n = 0; n <= KILLS; n++) {
                for (String l : Files.readAllLines(dir.resolve("agent-" + n + ".log"))) {
                    if ((l.contains("TAILDIR") && !l.contains("saving")) || l.contains("ERROR") || l.contains("WARN") || l.contains("xception")) {
                        System.out.println("agent-" + n + ": " + l);
                    }
                }
            }
        }
        assertThat(torn).as("no torn lines").isEmpty();
        assertThat(missing.size()).as("missing lines %s", missing.size() > 50 ? "(many)" : missing)
                .isLessThanOrEqualTo(KILLS * (CHANNEL_CAPACITY + BATCH));
        // the position is written after every committed batch (writePosInterval = 0): what a kill can repeat is
        // at most the batch committed between its commit and the position write
        assertThat(duplicates).isLessThanOrEqualTo((long) KILLS * BATCH);
        assertThat(missing).as("lines written after the last restart all arrive")
                .allMatch(i -> i < TOTAL - 1_000);
    }

    private static void deleteRecursively(Path p) throws IOException {
        if (!Files.exists(p)) {
            return;
        }
        try (Stream<Path> all = Files.walk(p)) {
            for (Path f : all.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.delete(f);
            }
        }
    }

    private static void awaitRunning(AgentProcess agent) {
        Awaitility.await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(50))
                .until(() -> agent.logText().contains("is running") || !agent.isAlive());
        assertThat(agent.isAlive()).as(agent.logText()).isTrue();
    }

    private AgentProcess start(Path conf, int n) throws IOException {
        return AgentProcess.flafka(dir.resolve("agent-" + n + ".log"), "agent", "-n", "a1", "-f", conf.toString(),
                "--no-reload-conf");
    }

    /** Appends 20 lines every 25 ms; renames app.log to app.log.1 and starts a new one halfway. */
    private static void write(Path logs, AtomicInteger written) {
        try {
            Path log = logs.resolve("app.log");
            int i = 0;
            while (i < TOTAL) {
                StringBuilder sb = new StringBuilder();
                for (int k = 0; k < 20 && i < TOTAL; k++, i++) {
                    sb.append(String.format("line-%06d%n", i));
                }
                try (FileOutputStream o = new FileOutputStream(log.toFile(), true)) {
                    o.write(sb.toString().getBytes(StandardCharsets.UTF_8));
                }
                written.set(i);
                if (i == ROTATE_AT) {
                    Files.move(log, logs.resolve("app.log.1"));
                }
                Thread.sleep(25);
            }
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static long outputLines(Path out) throws IOException {
        return allLines(out).size();
    }

    private static boolean contains(Path out, String line) throws IOException {
        return allLines(out).contains(line);
    }

    private static List<String> allLines(Path out) throws IOException {
        List<String> all = new ArrayList<>();
        try (Stream<Path> files = Files.list(out)) {
            for (Path f : files.filter(Files::isRegularFile).sorted().toList()) {
                String text = Files.readString(f);
                if (text.isEmpty()) {
                    continue;
                }
                String[] parts = text.split("\n", -1);
                // a file still being written may end without its newline yet: only complete lines count
                for (int k = 0; k < parts.length - 1; k++) {
                    all.add(parts[k]);
                }
            }
        }
        return all;
    }
}
