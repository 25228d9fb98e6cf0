package io.flafka.hdfs;

import static org.assertj.core.api.Assertions.assertThat;

import io.flafka.testkit.process.AgentProcess;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.hdfs.MiniDFSCluster;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * kill -9 of a process running the HDFS sink, several times mid-stream (three times, on a MiniDFSCluster; the local-file variant through a real agent and the Kafka channel is flafka-dist's HdfsCrashIT), then a restart that finishes:
 * afterwards no in-use file remains and every event is in a final file. The channel is a durable,
 * replayable one ({@link ReplayableChannel}), so this checks the sink's part of the promise: a take
 * commits only after its events are hflushed, and what a killed process leaves is recovered at start
 * (on HDFS by recovering the dead writer's leases).
 */
class HdfsSinkCrashTest {
    private static final long TOTAL = 4_000;
    private static final Pattern EVENT = Pattern.compile("ev-(\\d{8})");
    private static MiniDFSCluster cluster;

    @TempDir
    Path tmp;

    @BeforeAll
    static void startCluster() throws Exception {
        cluster = MiniClusterHdfsSinkTest.startMiniCluster("crash-test");
    }

    @AfterAll
    static void stopCluster() {
        if (cluster != null) {
            cluster.shutdown(true);
        }
    }

    @Test
    void killNineOnHdfs() throws Exception {
        String root = "hdfs://127.0.0.1:" + cluster.getNameNodePort() + "/crash";
        crashAndCheck(root, cluster.getFileSystem(), 600, 1_300, 2_000, 2_700, 3_400); // five kills, as issue 5 asks
    }

    private void crashAndCheck(String root, FileSystem fs, long... killAt) throws Exception {
        Path state = tmp.resolve("offset");
        Path log = tmp.resolve("child.log");
        for (long at : killAt) {
            try (AgentProcess child = start(root, state, log)) {
                Awaitility.await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(20))
                        .until(() -> ReplayableChannel.committedOffset(state) >= at || !child.isAlive());
                assertThat(child.isAlive()).as(child.logText()).isTrue();
                child.kill9();
            }
        }
        try (AgentProcess child = start(root, state, log)) {
            assertThat(child.waitFor(Duration.ofSeconds(180))).as(child.logText()).isZero();
        }
        assertThat(ReplayableChannel.committedOffset(state)).isEqualTo(TOTAL);

        List<org.apache.hadoop.fs.Path> files = SinkHarness.files(fs, new org.apache.hadoop.fs.Path(root));
        assertThat(files).as("no in-use file is left").noneMatch(p -> p.getName().endsWith(".tmp"));
        BitSet seen = new BitSet();
        int lines = 0;
        List<String> torn = new ArrayList<>();
        for (org.apache.hadoop.fs.Path p : files) {
            for (String line : SinkHarness.readLines(fs, p, null)) {
                var m = EVENT.matcher(line);
                if (m.matches()) {
                    seen.set(Integer.parseInt(m.group(1)));
                    lines++;
                } else {
                    torn.add(line); // the unflushed tail of a batch that was never committed (and was redelivered)
                }
            }
        }
        assertThat(seen.cardinality()).as("missing events").isEqualTo((int) TOTAL);
        System.out.printf("crash test on %s: %d files, %d events, %d duplicates, %d torn lines%n", root,
                files.size(), TOTAL, lines - TOTAL, torn.size());
        assertThat(Files.readString(log)).contains("recovered");
    }

    private static AgentProcess start(String root, Path state, Path log) throws Exception {
        return AgentProcess.start(CrashChild.class.getName(), List.of(root, state.toString(), Long.toString(TOTAL)),
                log, Map.of(), List.of());
    }
}
