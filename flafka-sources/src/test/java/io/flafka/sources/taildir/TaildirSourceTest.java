package io.flafka.sources.taildir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.flafka.api.ComponentContext;
import io.flafka.api.ComponentKind;
import io.flafka.api.ComponentProvider;
import io.flafka.api.Event;
import io.flafka.api.Source;
import io.flafka.api.Status;
import io.flafka.api.config.Config;
import io.flafka.api.config.ConfigException;
import io.flafka.api.metrics.SourceCounter;
import io.flafka.testkit.CollectingChannelProcessor;
import io.flafka.testkit.SourceContractTest;
import java.io.FileOutputStream;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TaildirSourceTest extends SourceContractTest {
    @TempDir
    Path dir;
    private int produced;

    @Override
    protected ComponentProvider<?> provider() {
        return new TaildirSourceProvider();
    }

    @Override
    protected Map<String, String> config() throws Exception {
        Files.createDirectories(dir.resolve("logs"));
        return base();
    }

    private Map<String, String> base() {
        Map<String, String> m = new HashMap<>();
        m.put("filegroups", "g1");
        m.put("filegroups.g1", dir.resolve("logs").toAbsolutePath() + "/app\\.log.*");
        m.put("positionFile", dir.resolve("pos/taildir_position.json").toString());
        m.put("writePosInterval", "0");
        m.put("batchSize", "7");
        return m;
    }

    @Override
    protected List<String> produce(Source source, int n) throws Exception {
        List<String> out = new ArrayList<>();
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < n; i++) {
            String body = "line-" + produced++;
            out.add(body);
            sb.append(body).append('\n');
        }
        append(dir.resolve("logs/app.log"), sb.toString());
        return out;
    }

    private static void append(Path file, String text) throws IOException {
        try (FileOutputStream out = new FileOutputStream(file.toFile(), true)) {
            out.write(text.getBytes(StandardCharsets.UTF_8));
        }
    }

    private static String lines(int from, int to) {
        StringBuilder sb = new StringBuilder();
        for (int i = from; i < to; i++) {
            sb.append("l").append(i).append('\n');
        }
        return sb.toString();
    }

    private TaildirSource newSource(Map<String, String> raw, SourceCounter c) {
        return (TaildirSource) new TaildirSourceProvider().create(new ComponentContext("a1", "r1",
                ComponentKind.SOURCE, Config.parse(TaildirSource.CONFIG_DEF, raw), c));
    }

    /** Polls until a poll returns BACKOFF after the processor saw {@code n} events. */
    private static void pollUntil(TaildirSource s, CollectingChannelProcessor p, int n) {
        Awaitility.await().atMost(PATIENCE).pollInterval(Duration.ofMillis(5)).until(() -> {
            s.process();
            return p.count() >= n;
        });
    }

    private static void assertExactly(CollectingChannelProcessor p, int n) {
        List<String> bodies = p.bodies();
        Set<String> unique = new HashSet<>(bodies);
        assertThat(unique).as("no duplicates").hasSize(bodies.size());
        for (int i = 0; i < n; i++) {
            assertThat(unique).as("l" + i + " delivered").contains("l" + i);
        }
        assertThat(bodies).hasSize(n);
    }

    @Test
    void headersOffsetsAndPartialLines() throws Exception {
        Map<String, String> raw = base();
        raw.put("headers.g1.kind", "app");
        raw.put("byteOffsetHeader", "true");
        raw.put("fileHeader", "true");
        Path log = dir.resolve("logs/app.log");
        append(log, "one\r\ntwo\nthr");
        CollectingChannelProcessor p = new CollectingChannelProcessor();
        TaildirSource s = newSource(raw, new SourceCounter("r1"));
        s.start(p);
        pollUntil(s, p, 2);
        assertThat(s.process()).isEqualTo(Status.BACKOFF);
        assertThat(p.bodies()).containsExactly("one", "two");
        Event first = p.events().get(0);
        assertThat(first.headers()).containsEntry("kind", "app").containsEntry("byteoffset", "0")
                .containsEntry("file", log.toAbsolutePath().toString());
        assertThat(p.events().get(1).header("byteoffset")).isEqualTo("5");
        append(log, "ee\n");
        pollUntil(s, p, 3);
        assertThat(p.bodies()).containsExactly("one", "two", "three");
        s.stop();
        JsonNode json = new ObjectMapper().readTree(dir.resolve("pos/taildir_position.json").toFile());
        assertThat(json.isArray()).isTrue();
        assertThat(json.get(0).get("inode").asLong()).isEqualTo(TaildirSource.inodeOf(log));
        assertThat(json.get(0).get("pos").asLong()).isEqualTo(Files.size(log));
        assertThat(json.get(0).get("file").asText()).isEqualTo(log.toAbsolutePath().toString());
    }

    @Test
    void renameAndCreateRotationLosesAndRepeatsNothing() throws Exception {
        Path log = dir.resolve("logs/app.log");
        Map<String, String> raw = base();
        raw.put("filegroups.g1", dir.resolve("logs").toAbsolutePath() + "/app\\.log");
        CollectingChannelProcessor p = new CollectingChannelProcessor();
        TaildirSource s = newSource(raw, new SourceCounter("r1"));
        s.start(p);
        append(log, lines(0, 50));
        pollUntil(s, p, 20);
        // the writer still writes to the renamed file before reopening: those lines are read via the open handle
        Files.move(log, dir.resolve("logs/app.log.1"));
        append(dir.resolve("logs/app.log.1"), lines(50, 60));
        append(log, lines(60, 100));
        pollUntil(s, p, 100);
        Files.move(log, dir.resolve("logs/app.log.2"));
        append(log, lines(100, 120));
        pollUntil(s, p, 120);
        s.stop();
        assertExactly(p, 120);
    }

    @Test
    void copyTruncateRotationLosesAndRepeatsNothing() throws Exception {
        Path log = dir.resolve("logs/app.log");
        Map<String, String> raw = base();
        raw.put("filegroups.g1", dir.resolve("logs").toAbsolutePath() + "/app\\.log");
        CollectingChannelProcessor p = new CollectingChannelProcessor();
        TaildirSource s = newSource(raw, new SourceCounter("r1"));
        s.start(p);
        append(log, lines(0, 30));
        pollUntil(s, p, 30);
        // lines 30..59 are written but not yet read when logrotate copies and truncates
        append(log, lines(30, 60));
        Files.copy(log, dir.resolve("logs/app.log.1"));
        try (FileChannel ch = FileChannel.open(log, StandardOpenOption.WRITE)) {
            ch.truncate(0);
        }
        append(log, lines(60, 100));
        pollUntil(s, p, 100);
        s.stop();
        assertExactly(p, 100);
        assertThat(p.bodies().indexOf("l59")).as("the copy's lines come first").isLessThan(p.bodies().indexOf("l60"));
    }

    @Test
    void restartFromThePositionFileRepeatsNothing() throws Exception {
        Path log = dir.resolve("logs/app.log");
        Map<String, String> raw = base();
        CollectingChannelProcessor p = new CollectingChannelProcessor();
        append(log, lines(0, 40));
        for (int round = 0; round < 3; round++) {
            TaildirSource s = newSource(raw, new SourceCounter("r1"));
            s.start(p);
            pollUntil(s, p, 40 + round * 10);
            append(log, lines(40 + round * 10, 50 + round * 10));
            s.stop();
        }
        TaildirSource s = newSource(raw, new SourceCounter("r1"));
        s.start(p);
        pollUntil(s, p, 70);
        s.stop();
        assertExactly(p, 70);
    }

    @Test
    void aFileRotatedWhileStoppedIsReadToItsEndAfterRestart() throws Exception {
        Path log = dir.resolve("logs/app.log");
        Map<String, String> raw = base();
        raw.put("filegroups.g1", dir.resolve("logs").toAbsolutePath() + "/app\\.log");
        CollectingChannelProcessor p = new CollectingChannelProcessor();
        append(log, lines(0, 20));
        TaildirSource s = newSource(raw, new SourceCounter("r1"));
        s.start(p);
        pollUntil(s, p, 20);
        s.stop();
        append(log, lines(20, 30));
        Files.move(log, dir.resolve("logs/app.log.1"));
        append(log, lines(30, 40));
        TaildirSource again = newSource(raw, new SourceCounter("r1"));
        again.start(p);
        pollUntil(again, p, 40);
        Thread.sleep(20);
        again.process();
        // abandoned without stop (a crash): the periodic write must already cover the rotated file
        String json = Files.readString(dir.resolve("pos/taildir_position.json"));
        assertThat(json).contains("\"pos\":" + Files.size(dir.resolve("logs/app.log.1")));
        assertExactly(p, 40);
    }

    @Test
    void positionsAreSavedWhileAFileKeepsFullBatchesComing() throws Exception {
        Path log = dir.resolve("logs/app.log");
        Map<String, String> raw = base();
        raw.put("writePosInterval", "1");
        raw.put("batchSize", "5");
        append(log, lines(0, 5));
        CollectingChannelProcessor p = new CollectingChannelProcessor();
        // every accepted batch appends another full batch, so one process() call never runs out of input
        AtomicInteger next = new AtomicInteger(5);
        io.flafka.api.ChannelProcessor feeding = new io.flafka.api.ChannelProcessor() {
            @Override
            public void processBatch(List<Event> events) {
                p.processBatch(events);
                int from = next.getAndAdd(5);
                try {
                    Thread.sleep(2);
                    append(log, lines(from, from + 5));
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
                if (p.count() >= 200) {
                    throw new io.flafka.api.ChannelException("enough");
                }
            }

            @Override
            public void process(Event event) {
                processBatch(new ArrayList<>(List.of(event)));
            }
        };
        TaildirSource s = newSource(raw, new SourceCounter("r1"));
        s.start(feeding);
        assertThatThrownBy(s::process).hasMessageContaining("enough");
        String json = Files.readString(dir.resolve("pos/taildir_position.json"));
        assertThat(json).doesNotContain("\"pos\":0");
        s.stop();
    }

    @Test
    void abandonedSourcesRepeatOnlyWhatFollowedTheLastPositionWrite() throws Exception {
        Path log = dir.resolve("logs/app.log");
        Map<String, String> raw = base();
        raw.put("filegroups.g1", dir.resolve("logs").toAbsolutePath() + "/app\\.log");
        raw.put("writePosInterval", "50");
        raw.put("batchSize", "20");
        CollectingChannelProcessor p = new CollectingChannelProcessor();
        int total = 0;
        for (int crash = 0; crash < 4; crash++) {
            TaildirSource s = newSource(raw, new SourceCounter("r1"));
            s.start(p);
            for (int k = 0; k < 30; k++) {
                append(log, lines(total, total + 20));
                total += 20;
                if (total == 1200) {
                    Files.move(log, dir.resolve("logs/app.log." + crash));
                }
                for (int i = 0; i < 3; i++) {
                    s.process();
                }
                Thread.sleep(5);
            }
            // a crash: no stop(), the position file holds what the last periodic write saved
        }
        TaildirSource s = newSource(raw, new SourceCounter("r1"));
        s.start(p);
        int expected = total;
        pollUntil(s, p, expected);
        Thread.sleep(100);
        s.process();
        s.stop();
        List<String> bodies = p.bodies();
        long dups = bodies.size() - new HashSet<>(bodies).size();
        assertThat(new HashSet<>(bodies)).hasSize(expected);
        assertThat(dups).as("duplicates after 4 crashes").isLessThan(4 * 200);
    }

    @Test
    void positionsKeepBeingSavedAfterARotatedFileIsFinished() throws Exception {
        Path log = dir.resolve("logs/app.log");
        Map<String, String> raw = base();
        raw.put("filegroups.g1", dir.resolve("logs").toAbsolutePath() + "/app\\.log");
        raw.put("writePosInterval", "30");
        raw.put("batchSize", "20");
        CollectingChannelProcessor p = new CollectingChannelProcessor();
        append(log, lines(0, 100));
        TaildirSource s = newSource(raw, new SourceCounter("r1"));
        s.start(p);
        pollUntil(s, p, 100);
        s.stop();
        append(log, lines(100, 200));
        Files.move(log, dir.resolve("logs/app.log.1"));
        append(log, lines(200, 300));
        TaildirSource again = newSource(raw, new SourceCounter("r1"));
        again.start(p);
        pollUntil(again, p, 300);
        for (int round = 0; round < 5; round++) {
            append(log, lines(300 + round * 20, 320 + round * 20));
            Thread.sleep(40);
            again.process();
            again.process();
        }
        Thread.sleep(40);
        again.process();
        String json = Files.readString(dir.resolve("pos/taildir_position.json"));
        assertThat(json).contains("\"pos\":" + Files.size(log)).contains("\"pos\":" + Files.size(
                dir.resolve("logs/app.log.1")));
        assertExactly(p, 400);
    }

    @Test
    void afterARestartPositionsAreSavedWhileFullBatchesKeepComing() throws Exception {
        Path log = dir.resolve("logs/app.log");
        Map<String, String> raw = base();
        raw.put("writePosInterval", "100");
        raw.put("batchSize", "20");
        append(log, lines(0, 100));
        CollectingChannelProcessor p = new CollectingChannelProcessor();
        TaildirSource first = newSource(raw, new SourceCounter("r1"));
        first.start(p);
        pollUntil(first, p, 100);
        first.stop();
        append(log, lines(100, 200));
        AtomicInteger next = new AtomicInteger(200);
        Path pos = dir.resolve("pos/taildir_position.json");
        String before = Files.readString(pos);
        List<String> seenPositions = new ArrayList<>();
        io.flafka.api.ChannelProcessor feeding = new io.flafka.api.ChannelProcessor() {
            @Override
            public void processBatch(List<Event> events) {
                p.processBatch(events);
                int from = next.getAndAdd(20);
                try {
                    Thread.sleep(10);
                    append(log, lines(from, from + 20));
                    seenPositions.add(Files.readString(pos));
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
                if (p.count() >= 1000) {
                    throw new io.flafka.api.ChannelException("enough");
                }
            }

            @Override
            public void process(Event event) {
                processBatch(new ArrayList<>(List.of(event)));
            }
        };
        TaildirSource s = newSource(raw, new SourceCounter("r1"));
        s.start(feeding);
        assertThatThrownBy(s::process).hasMessageContaining("enough");
        assertThat(Files.readString(pos)).isNotEqualTo(before);
        s.stop();
    }

    @Test
    void refusedBatchesAreReadAgainAndThePositionOnlyCoversCommittedLines() throws Exception {
        Path log = dir.resolve("logs/app.log");
        append(log, lines(0, 10));
        CollectingChannelProcessor p = new CollectingChannelProcessor();
        p.mode(CollectingChannelProcessor.Mode.FULL);
        TaildirSource s = newSource(base(), new SourceCounter("r1"));
        s.start(p);
        for (int i = 0; i < 3; i++) {
            assertThatThrownBy(s::process).isInstanceOf(io.flafka.api.ChannelFullException.class);
        }
        s.stop();
        String json = Files.readString(dir.resolve("pos/taildir_position.json"));
        assertThat(json).contains("\"pos\":0");
        p.mode(CollectingChannelProcessor.Mode.ACCEPT);
        TaildirSource again = newSource(base(), new SourceCounter("r1"));
        again.start(p);
        pollUntil(again, p, 10);
        again.stop();
        assertExactly(p, 10);
    }

    @Test
    void skipToEndStartsAfterExistingContentAndNewFilesAreReadFromTheStart() throws Exception {
        append(dir.resolve("logs/app.log"), lines(0, 10));
        Map<String, String> raw = base();
        raw.put("skipToEnd", "true");
        CollectingChannelProcessor p = new CollectingChannelProcessor();
        TaildirSource s = newSource(raw, new SourceCounter("r1"));
        s.start(p);
        s.process();
        append(dir.resolve("logs/app.log"), lines(10, 12));
        append(dir.resolve("logs/app.log.new"), lines(12, 15));
        pollUntil(s, p, 5);
        s.stop();
        assertThat(p.bodies()).containsExactlyInAnyOrder("l10", "l11", "l12", "l13", "l14");
    }

    @Test
    void backoffIsCappedBelowASecond() {
        Map<String, String> raw = base();
        raw.put("maxBackoffSleep", "60000");
        TaildirSource s = newSource(raw, new SourceCounter("r1"));
        assertThat(s.maxBackoffSleepMillis()).isLessThan(1000);
        assertThat(s.backoffSleepIncrementMillis()).isLessThanOrEqualTo(s.maxBackoffSleepMillis());
    }

    @Test
    void aGroupWithoutPathIsAConfigError() {
        Map<String, String> raw = new HashMap<>();
        raw.put("filegroups", "g1 g2");
        raw.put("filegroups.g1", "/var/log/x.*");
        assertThatThrownBy(() -> newSource(raw, new SourceCounter("r1"))).isInstanceOf(ConfigException.class)
                .hasMessageContaining("filegroups.g2");
        raw.put("filegroups.g2", "relative/x");
        assertThatThrownBy(() -> newSource(raw, new SourceCounter("r1"))).isInstanceOf(ConfigException.class)
                .hasMessageContaining("absolute");
    }
    @Test
    void everyCommittedBatchIsSavedAtOnceWhateverWritePosInterval() throws Exception {
        Path log = dir.resolve("logs/app.log");
        Map<String, String> raw = base();
        raw.put("filegroups.g1", dir.resolve("logs").toAbsolutePath() + "/app\\.log");
        raw.put("writePosInterval", "3600000");
        raw.put("batchSize", "20");
        CollectingChannelProcessor p = new CollectingChannelProcessor();
        int total = 0;
        for (int crash = 0; crash < 3; crash++) {
            TaildirSource s = newSource(raw, new SourceCounter("r1"));
            s.start(p);
            append(log, lines(total, total + 150));
            total += 150;
            pollUntil(s, p, total);
            // a crash: no stop(), and the periodic write is an hour away
        }
        String json = Files.readString(dir.resolve("pos/taildir_position.json"));
        assertThat(new ObjectMapper().readTree(json).get(0).get("pos").asLong()).isEqualTo(Files.size(log));
        TaildirSource s = newSource(raw, new SourceCounter("r1"));
        s.start(p);
        append(log, lines(total, total + 5));
        total += 5;
        pollUntil(s, p, total);
        s.stop();
        assertExactly(p, total);
    }
}
