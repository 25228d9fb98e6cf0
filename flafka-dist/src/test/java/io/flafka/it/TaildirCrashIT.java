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
 * TAILDIR in a real agent process, killed with SIGKILL while a writer appends to the file and rotates
 * it, then restarted. Two pipelines: over the file channel (below: zero missing, duplicates measured),
 * and first over a memory channel (TAILDIR -> memory channel -> file_roll, three kills, rename + create).
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
    private static final int FC_KILLS = Integer.getInteger("flafka.it.taildir.kills", 5);
    private static final int FC_TOTAL = 24_000;
    /** Larger than the memory test's: each commit waits for an fsync, and the agent must catch up after restarts. */
    private static final int FC_BATCH = 100;
    private static final Pattern FC_LINE = Pattern.compile("line-(\\d{6})");

    /** Kept under target/ so the agents' logs can be read after a failure. */
    private final Path dir = Path.of("target", "taildir-crash-it").toAbsolutePath();

    @Test
    void killNineMidFileLosesAtMostTheMemoryChannelAndTearsNothing() throws Exception {
        long t0 = System.nanoTime();
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
        System.out.printf("[TAILDIR -> memory channel -> file_roll] %d lines written, %d kills, %d missing "
                + "(first %s, last %s), %d duplicated; %.1f s%n", TOTAL, KILLS, missing.size(),
                missing.isEmpty() ? "-" : missing.first(), missing.isEmpty() ? "-" : missing.last(), duplicates,
                (System.nanoTime() - t0) / 1e9);
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

    /**
     * TAILDIR → file channel → file_roll (issue 6: zero missing, zero duplicated after a kill -9 mid-file):
     * killed five times (by default) at random moments (seeded, printed) while a writer appends, and the file
     * is rotated both ways during the run, rename + create and copytruncate, each while an agent is
     * reading. The position file is left at its default {@code writePosInterval} (3 s): the source saves
     * committed positions right after each committed batch anyway.
     *
     * <p>Asserted: zero missing, no torn line, and the source's duplicates (a line put into the channel
     * twice, told apart from the sink's by the {@code uuid} interceptor's id, see {@link AuditedOutput}) at
     * most one batch per kill. The position write itself is a few microseconds after the commit returns,
     * but the window that repeats a batch opens earlier: when the file channel has written the commit
     * record and waits for its fsync. A kill during that wait leaves a commit the channel's replay honours
     * while the source never heard back, so it reads that batch again ({@code batchSize} lines). A source
     * that is catching up spends much of its time in that wait, so such kills are not rare; an idle one
     * (lines trickling in) almost never. Without the per-commit save the repeat per kill was up to
     * {@code writePosInterval} worth of lines (thousands while catching up after a restart). The sink side
     * (file_roll writes, then commits its take) can repeat up to its own batch per kill; those are counted
     * apart and not limited.
     * Not covered, and so not exercised: a kill before the agent noticed a copytruncate (it is down, or
     * busy with other files, when logrotate truncates). The position file (Flume's format: inode, pos,
     * file, nothing about the content) cannot tell that the file was truncated and grew again past the
     * saved offset, so the restarted agent resumes at that offset in the new content: the copy's unread
     * lines and the new content before that offset are lost, as with Flume. (A first run of this test
     * killed the agent in that window and lost 10,920 of 24,000 lines.) So the test waits, after the
     * copytruncate, until every line the copy holds is delivered before the kill may come.
     */
    @Test
    void overTheFileChannelKillNineLosesNothingAndRepeatsAtMostABatchPerKill() throws Exception {
        long t0 = System.nanoTime();
        Path root = Path.of("target", "taildir-crash-it-file").toAbsolutePath();
        deleteRecursively(root);
        Path logs = Files.createDirectories(root.resolve("logs"));
        Path out = Files.createDirectories(root.resolve("out"));
        Path conf = root.resolve("agent.properties");
        Files.writeString(conf, String.join("\n",
                "a1.sources = r1",
                "a1.channels = c1",
                "a1.sinks = k1",
                "a1.sources.r1.type = TAILDIR",
                "a1.sources.r1.channels = c1",
                "a1.sources.r1.filegroups = g1",
                "a1.sources.r1.filegroups.g1 = " + logs + "/app.log",
                "a1.sources.r1.positionFile = " + root.resolve("taildir_position.json"),
                "a1.sources.r1.batchSize = " + FC_BATCH,
                "") + AuditedOutput.fileChannelAndAuditedSink(root, out, FC_BATCH));
        RotatingWriter writer = new RotatingWriter(logs, FC_TOTAL);
        CrashLoop loop = new CrashLoop("TAILDIR -> file channel -> file_roll", conf, root);
        long t1;
        try {
            writer.start();
            for (int kill = 0; kill < FC_KILLS; kill++) {
                int before = fcAudit(out).unique();
                AgentProcess agent = loop.startRunning();
                // rotate only while this agent reads (see the Javadoc for a rotation while none does)
                Awaitility.await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200))
                        .until(() -> fcAudit(out).unique() > before || !agent.isAlive() || !writer.isAlive());
                if (kill == 1) {
                    writer.rotate("rename");
                } else if (kill == 3) {
                    writer.rotate("copytruncate");
                    // not killed before the agent delivered what the copy holds (see the Javadoc: the position
                    // file alone cannot tell a truncated file that grew again)
                    Awaitility.await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(100))
                            .until(() -> !agent.isAlive() || writer.truncatedAt.get() > 0
                                    && fcAudit(out).missing().stream().allMatch(n -> n >= writer.truncatedAt.get()));
                }
                Thread.sleep(loop.lifetime(500, 2_000));
                assertThat(agent.isAlive()).as("agent %d died by itself:%n%s", kill, agent.logText()).isTrue();
                agent.kill9();
            }
            t1 = System.nanoTime();
            writer.join(120_000);
            assertThat(writer.written.get()).isEqualTo(FC_TOTAL);
            assertThat(writer.rotations).as("both rotations happened").containsExactly("rename", "copytruncate");
            AgentProcess last = loop.startRunning();
            try {
                Awaitility.await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(300))
                        .until(() -> fcAudit(out).unique() == FC_TOTAL || !last.isAlive());
            } catch (org.awaitility.core.ConditionTimeoutException e) {
                throw new AssertionError("not every line arrived: " + fcAudit(out).summary() + "\n" + loop.logs(), e);
            }
            assertThat(last.stop(Duration.ofSeconds(60))).as("exit code after SIGTERM").isZero();
        } finally {
            loop.closeAll();
            writer.interrupt();
        }
        AuditedOutput a = fcAudit(out);
        System.out.printf("[TAILDIR -> file channel -> file_roll] %d kills, rotations %s, %d lines written, %s; "
                        + "kills %.1f s, final drain %.1f s, total %.1f s (seed %d)%n", FC_KILLS, writer.rotations,
                FC_TOTAL, a.summary(), (t1 - t0) / 1e9, (System.nanoTime() - t1) / 1e9,
                (System.nanoTime() - t0) / 1e9, loop.seed());
        assertThat(a.missing()).as(a.summary()).isEmpty();
        assertThat(a.foreign()).as("torn or foreign lines: " + a.summary()).isZero();
        assertThat(a.sourceDuplicates()).as("lines TAILDIR put into the channel twice: " + a.summary())
                .isLessThanOrEqualTo((long) FC_KILLS * FC_BATCH);
    }

    private static AuditedOutput fcAudit(Path out) throws IOException {
        return AuditedOutput.read(out, FC_LINE, FC_TOTAL);
    }

    /**
     * Appends 20 lines every 25 ms to {@code app.log}; on request, between two appends, rotates it like
     * logrotate: {@code rename} (app.log → app.log.1, the next append creates app.log) or
     * {@code copytruncate} (copied to app.log.2, then truncated in place).
     */
    private static final class RotatingWriter extends Thread {
        final AtomicInteger written = new AtomicInteger();
        /** Lines written before the copytruncate (all in the copy); 0 until then. */
        final AtomicInteger truncatedAt = new AtomicInteger();
        final List<String> rotations = new java.util.concurrent.CopyOnWriteArrayList<>();
        private final Path logs;
        private final int total;
        private volatile String request;

        RotatingWriter(Path logs, int total) {
            super("rotating-writer");
            setDaemon(true);
            this.logs = logs;
            this.total = total;
        }

        void rotate(String how) {
            request = how;
        }

        @Override
        public void run() {
            Path log = logs.resolve("app.log");
            try {
                for (int i = 0; i < total; ) {
                    StringBuilder sb = new StringBuilder();
                    for (int k = 0; k < 20 && i < total; k++, i++) {
                        sb.append(String.format("line-%06d%n", i));
                    }
                    try (FileOutputStream o = new FileOutputStream(log.toFile(), true)) {
                        o.write(sb.toString().getBytes(StandardCharsets.UTF_8));
                    }
                    written.set(i);
                    String how = request;
                    if (how != null) {
                        request = null;
                        if (how.equals("rename")) {
                            Files.move(log, logs.resolve("app.log.1"));
                        } else {
                            Files.copy(log, logs.resolve("app.log.2"));
                            try (java.nio.channels.FileChannel c = java.nio.channels.FileChannel.open(log,
                                    java.nio.file.StandardOpenOption.WRITE)) {
                                c.truncate(0);
                            }
                            truncatedAt.set(i);
                        }
                        rotations.add(how);
                    }
                    Thread.sleep(25);
                }
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
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
