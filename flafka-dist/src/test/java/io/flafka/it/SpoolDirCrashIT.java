package io.flafka.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.flafka.testkit.process.AgentProcess;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.awaitility.Awaitility;
import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Spooling directory → file channel → file_roll in a real agent process (issue 6), killed with
 * {@code kill -9} at random points of its progress (seeded, printed) while it reads several large files,
 * and restarted:
 * afterwards every line of every file is in the output (zero missing), every file is marked completed,
 * and duplicates are counted by origin (see {@link AuditedOutput}).
 *
 * <p>The bound on the source's duplicates: the source writes the read position of the current file to
 * {@code .flumespool-main.meta} (write and rename) right after each batch the channel committed, and a
 * restart resumes there, as Flume's tracker does. A kill between the moment the channel's commit record
 * is written and that rename repeats that one batch: at most {@code batchSize} lines per kill. That
 * window is not an instant: it includes the file channel's fsync of the commit (a kill during the
 * fsync leaves a commit record that the replay honours, while the source never heard back), and a busy
 * source spends most of its time there, so most kills do repeat a batch (measured: 400 lines over 5
 * kills with batchSize 100). The sink's duplicates (written, not yet committed as taken) are bounded by
 * the sink's batch per kill.
 */
class SpoolDirCrashIT {
    private static final int FILES = 4;
    private static final int LINES_PER_FILE = 10_000;
    private static final int TOTAL = FILES * LINES_PER_FILE;
    private static final int BATCH = 100;
    private static final int KILLS = Integer.getInteger("flafka.it.spool.kills", 5);
    private static final Pattern EVENT = Pattern.compile("s(\\d{7}) x+");
    private static final String PADDING = "x".repeat(80);

    @TempDir
    Path tmp;

    @Test
    void killNineMidFileLosesNothingAndRepeatsAtMostABatchPerKill() throws Exception {
        long t0 = System.nanoTime();
        Path spool = Files.createDirectories(tmp.resolve("spool"));
        Path out = Files.createDirectories(tmp.resolve("out"));
        Path staging = Files.createDirectories(tmp.resolve("staging"));
        for (int f = 0; f < FILES; f++) {
            Path file = staging.resolve("batch-" + f + ".log");
            try (BufferedWriter w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
                for (int i = f * LINES_PER_FILE; i < (f + 1) * LINES_PER_FILE; i++) {
                    w.write(String.format("s%07d %s%n", i, PADDING));
                }
            }
            // complete before the source can see it: a spooled file must not change while being read
            Files.move(file, spool.resolve(file.getFileName()));
        }
        Path conf = tmp.resolve("agent.properties");
        Files.writeString(conf, String.join("\n",
                "a1.sources = r1",
                "a1.channels = c1",
                "a1.sinks = k1",
                "a1.sources.r1.type = spooldir",
                "a1.sources.r1.channels = c1",
                "a1.sources.r1.spoolDir = " + spool,
                "a1.sources.r1.batchSize = " + BATCH,
                "") + AuditedOutput.fileChannelAndAuditedSink(tmp, out, BATCH));
        long t1;
        CrashLoop loop = new CrashLoop("spooldir -> file channel -> file_roll", conf, tmp);
        try {
            // each agent dies after it wrote 1,000 to 6,000 more lines (seeded): mid-file, whatever the machine
            loop.killAtRandomProgress(KILLS, 1_000, 6_000, () -> linesOut(out));
            t1 = System.nanoTime();
            int midStream = audit(out).unique();
            System.out.println("[spooldir] after the kills: " + audit(out).summary() + "; left in the spool: "
                    + pending(spool));
            assertThat(midStream).as("the kills landed before the end of the files").isLessThan(TOTAL);
            AgentProcess last = loop.startRunning();
            try {
                Awaitility.await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(500))
                        .until(() -> !last.isAlive() || audit(out).unique() == TOTAL && pending(spool).isEmpty());
            } catch (ConditionTimeoutException e) {
                throw new AssertionError("not every line arrived: " + audit(out).summary() + "\n" + loop.logs(), e);
            }
            assertThat(last.stop(Duration.ofSeconds(30))).as("exit code after SIGTERM").isZero();
        } finally {
            loop.closeAll();
        }
        AuditedOutput a = audit(out);
        System.out.printf("[spooldir -> file channel -> file_roll] %d kills, %d files, %d lines sent, %s; "
                        + "kills %.1f s, final drain %.1f s, total %.1f s (seed %d)%n", KILLS, FILES, TOTAL,
                a.summary(), (t1 - t0) / 1e9, (System.nanoTime() - t1) / 1e9, (System.nanoTime() - t0) / 1e9,
                loop.seed());
        assertThat(a.missing()).as(a.summary()).isEmpty();
        assertThat(a.foreign()).as(a.summary()).isZero();
        assertThat(pending(spool)).as("files not marked completed").isEmpty();
        assertThat(a.sourceDuplicates()).as("lines the source read again: at most one batch per kill")
                .isLessThanOrEqualTo((long) KILLS * BATCH);
    }

    /**
     * Lines in the output so far, duplicates included, from the files' sizes (cheap enough to poll): every
     * line is {@code {id=<36-character uuid>} s<7 digits> <80 x>} and a newline.
     */
    private static int linesOut(Path out) throws IOException {
        long bytes = 0;
        try (Stream<Path> s = Files.list(out)) {
            for (Path f : s.filter(Files::isRegularFile).toList()) {
                bytes += Files.size(f);
            }
        }
        return (int) (bytes / ("{id=} s0000000 \n".length() + 36 + PADDING.length()));
    }

    private static AuditedOutput audit(Path out) throws IOException {
        return AuditedOutput.read(out, EVENT, TOTAL);
    }

    /** Spooled files not yet renamed to {@code .COMPLETED}. */
    private static List<Path> pending(Path spool) throws IOException {
        try (Stream<Path> s = Files.list(spool)) {
            return s.filter(Files::isRegularFile).filter(p -> !p.getFileName().toString().endsWith(".COMPLETED"))
                    .toList();
        }
    }
}
