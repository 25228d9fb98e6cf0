package io.flafka.channel.file;

import static io.flafka.channel.file.Fixture.bodies;
import static io.flafka.channel.file.Fixture.drain;
import static io.flafka.channel.file.Fixture.open;
import static io.flafka.channel.file.Fixture.put;
import static io.flafka.channel.file.Fixture.settings;
import static io.flafka.channel.file.Fixture.take;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.flafka.api.ChannelException;
import io.flafka.api.ChannelFullException;
import io.flafka.api.Event;
import io.flafka.api.Transaction;
import java.nio.channels.FileChannel.MapMode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Restarts on real files: clean, abandoned, and with the files damaged in the ways crashes and disks damage them. */
class FileChannelRecoveryTest {
    @TempDir
    Path tmp;

    private List<Path> segments() throws Exception {
        return Recovery.listSegments(tmp.resolve("data"));
    }

    @Test
    void restartAfterCleanCloseKeepsOrderAndReplaysNothing() throws Exception {
        FileChannel c = open(settings(tmp, 1000, 100));
        put(c, bodies("a", 0, 50));
        put(c, bodies("b", 0, 50));
        assertThat(take(c, 30, true)).isEqualTo(bodies("a", 0, 30));
        assertThat(take(c, 10, false)).isEqualTo(bodies("a", 30, 40));
        c.stop();
        c = open(settings(tmp, 1000, 100));
        assertThat(c.recoveryReport().clean()).isTrue();
        assertThat(c.recoveryReport().replayedRecords()).isZero();
        assertThat(c.size()).isEqualTo(70);
        List<String> expected = bodies("a", 30, 50);
        expected.addAll(bodies("b", 0, 50));
        assertThat(drain(c)).isEqualTo(expected);
        c.stop();
    }

    @Test
    void restartAfterAbandonedChannelKeepsEveryCommittedPut() throws Exception {
        FileChannel c = open(settings(tmp, 1000, 100));
        put(c, bodies("a", 0, 20));
        c.checkpoint();
        put(c, bodies("b", 0, 20));
        assertThat(take(c, 25, true)).hasSize(25);
        Transaction open = c.begin();
        open.put(Event.ofString("never-committed"));
        Transaction openTake = c.begin();
        List<Event> held = new ArrayList<>();
        openTake.take(5, held);
        c.abandon(); // like kill -9: no checkpoint, no close
        c = open(settings(tmp, 1000, 100));
        List<String> expected = bodies("b", 5, 20);
        assertThat(drain(c)).isEqualTo(expected);
        assertThat(c.recoveryReport().problems()).isEmpty();
        assertThat(c.recoveryReport().replayedRecords()).isPositive();
        c.stop();
    }

    @Test
    void truncatedLastSegmentLosesOnlyTheCutRecord() throws Exception {
        FileChannel c = open(settings(tmp, 1000, 100));
        put(c, bodies("a", 0, 10));
        put(c, bodies("b", 0, 10));
        c.abandon();
        Path seg = segments().get(segments().size() - 1);
        long size = Files.size(seg);
        try (var ch = java.nio.channels.FileChannel.open(seg, StandardOpenOption.WRITE)) {
            ch.truncate(size - 7);
        }
        c = open(settings(tmp, 1000, 100));
        RecoveryReport r = c.recoveryReport();
        assertThat(r.truncatedBytes()).isPositive();
        assertThat(r.problems()).anySatisfy(p -> assertThat(p).contains("incomplete record"));
        assertThat(drain(c)).isEqualTo(bodies("a", 0, 10));
        put(c, bodies("c", 0, 3));
        c.stop();
        c = open(settings(tmp, 1000, 100));
        assertThat(c.recoveryReport().clean()).isTrue();
        assertThat(drain(c)).isEqualTo(bodies("c", 0, 3));
        c.stop();
    }

    @Test
    void flippedBytesInOneRecordDropOnlyThatRecord() throws Exception {
        FileChannel c = open(settings(tmp, 1000, 100));
        put(c, bodies("a", 0, 10));
        put(c, bodies("b", 0, 10));
        put(c, bodies("c", 0, 10));
        c.abandon();
        Path seg = segments().get(segments().size() - 1);
        byte[] bytes = Files.readAllBytes(seg);
        int second = indexOf(bytes, "b5".getBytes());
        bytes[second] ^= 0x5A;
        bytes[second + 1] ^= 0x33;
        Files.write(seg, bytes);
        c = open(settings(tmp, 1000, 100));
        RecoveryReport r = c.recoveryReport();
        assertThat(r.damagedRecords()).isEqualTo(1);
        assertThat(c.counter().get(FileChannel.RECOVERY_DAMAGED_RECORDS)).isEqualTo(1);
        assertThat(r.problems()).anySatisfy(p -> assertThat(p).contains("damaged"));
        List<String> expected = bodies("a", 0, 10);
        expected.addAll(bodies("c", 0, 10));
        assertThat(drain(c)).isEqualTo(expected);
        c.stop();
    }

    @Test
    void deletedCheckpointReplaysTheWholeLog() throws Exception {
        FileChannel c = open(settings(tmp, 1000, 100));
        put(c, bodies("a", 0, 10));
        assertThat(take(c, 4, true)).hasSize(4);
        put(c, bodies("b", 0, 5));
        c.stop();
        Files.delete(tmp.resolve("checkpoint").resolve(Checkpoint.FILE));
        c = open(settings(tmp, 1000, 100));
        assertThat(c.recoveryReport().checkpoint()).isEqualTo("none");
        assertThat(c.recoveryReport().problems()).anySatisfy(p -> assertThat(p).contains("no checkpoint"));
        List<String> expected = bodies("a", 4, 10);
        expected.addAll(bodies("b", 0, 5));
        assertThat(drain(c)).isEqualTo(expected);
        c.stop();
    }

    @Test
    void damagedCheckpointFallsBackToTheBackup() throws Exception {
        FileChannelConfig.Settings s = settings(tmp, 1000, 100).withBackupCheckpointDir(tmp.resolve("backup"));
        FileChannel c = open(s);
        put(c, bodies("a", 0, 10));
        c.stop();
        Path cp = tmp.resolve("checkpoint").resolve(Checkpoint.FILE);
        byte[] bytes = Files.readAllBytes(cp);
        bytes[bytes.length - 10] ^= 1;
        Files.write(cp, bytes);
        c = open(s);
        assertThat(c.recoveryReport().checkpoint()).contains("backup");
        assertThat(drain(c)).isEqualTo(bodies("a", 0, 10));
        c.stop();
    }

    @Test
    void consumedSegmentsAreDeletedAndRestartStillWorks() throws Exception {
        FileChannelConfig.Settings s = settings(tmp, 10_000, 100).withMaxFileSize(64 * 1024);
        FileChannel c = open(s);
        for (int round = 0; round < 30; round++) {
            put(c, bodies("r" + round + "-" + "x".repeat(200), 0, 100));
            assertThat(take(c, 100, true)).hasSize(100);
        }
        put(c, bodies("left", 0, 5));
        int before = segments().size();
        c.checkpoint();
        int after = segments().size();
        assertThat(before).isGreaterThan(3);
        assertThat(after).isLessThan(before);
        c.abandon();
        c = open(s);
        assertThat(drain(c)).isEqualTo(bodies("left", 0, 5));
        c.stop();
    }

    @Test
    void uncachedEventsAreReadBackWithHeaders() throws Exception {
        FileChannelConfig.Settings s = settings(tmp, 1000, 100).withCacheBytes(0);
        FileChannel c = open(s);
        Map<String, String> headers = new java.util.LinkedHashMap<>();
        headers.put("h", "v\u00e9");
        headers.put("emoji", "\uD83D\uDE00 x");
        headers.put("", "");
        headers.put("k\u00fc", "ascii");
        for (int i = 0; i < 18; i++) {
            headers.put("n" + i, "value-" + i);   // past the compact header map's size
        }
        try (Transaction tx = c.begin()) {
            tx.put(Event.of(new byte[3000], headers));
            tx.put(Event.ofString("small"));
            tx.commit();
        }
        try (Transaction tx = c.begin()) {
            Event big = tx.take();
            assertThat(big.body()).hasSize(3000);
            assertThat(big.headers()).isEqualTo(headers);
            assertThat(tx.take().bodyAsString()).isEqualTo("small");
            tx.rollback();
        }
        assertThat(drain(c)).hasSize(2);
        c.stop();
    }

    @Test
    void severalDataDirectoriesRecoverTogether() throws Exception {
        FileChannelConfig.Settings s = settings(tmp, 1000, 100)
                .withDataDirs(List.of(tmp.resolve("d1"), tmp.resolve("d2"), tmp.resolve("d3")));
        FileChannel c = open(s);
        for (int i = 0; i < 9; i++) {
            put(c, bodies("p" + i + "-", 0, 10));
        }
        assertThat(take(c, 25, true)).hasSize(25);
        c.abandon();
        assertThat(Recovery.listSegments(tmp.resolve("d2"))).isNotEmpty();
        c = open(s);
        assertThat(drain(c)).hasSize(65).doesNotHaveDuplicates();
        c.stop();
    }

    @Test
    void secondChannelOnTheSameDirectoryIsRefusedNamingIt() throws Exception {
        FileChannel c = open(settings(tmp, 100, 10));
        assertThatThrownBy(() -> open(settings(tmp, 100, 10)))
                .isInstanceOf(ChannelException.class)
                .hasMessageContaining(tmp.resolve("checkpoint").toString())
                .hasMessageContaining("in use");
        c.stop();
    }

    @Test
    void lowDiskSpacePushesBackWithAClearMessage() throws Exception {
        FileChannelConfig.Settings base = settings(tmp, 100, 10);
        FileChannelConfig.Settings s = new FileChannelConfig.Settings(base.checkpointDir(), null, base.dataDirs(),
                100, 10, 30_000, base.maxFileSize(), Long.MAX_VALUE, 0, true, true, 5, false, 1 << 20);
        FileChannel c = open(s);
        assertThatThrownBy(() -> put(c, bodies("x", 0, 3)))
                .isInstanceOf(ChannelFullException.class)
                .hasMessageContaining("minimumRequiredSpace");
        assertThat(c.size()).isZero();
        c.stop();
    }

    @Test
    void fsyncOffStillSurvivesProcessDeath() throws Exception {
        FileChannelConfig.Settings s = settings(tmp, 1000, 100).withFsync(false);
        FileChannel c = open(s);
        put(c, bodies("a", 0, 10));
        assertThat(c.counter().get(FileChannel.FSYNC_COUNT)).isZero();
        c.abandon();
        c = open(s);
        assertThat(drain(c)).isEqualTo(bodies("a", 0, 10));
        c.stop();
    }

    @Test
    void countersReportSizeFillAndFsyncs() throws Exception {
        FileChannel c = open(settings(tmp, 200, 100));
        put(c, bodies("a", 0, 50));
        io.flafka.api.metrics.ChannelCounter k = c.counter();
        assertThat(k.get(io.flafka.api.metrics.ChannelCounter.CHANNEL_SIZE)).isEqualTo(50);
        assertThat(k.get(io.flafka.api.metrics.ChannelCounter.CHANNEL_CAPACITY)).isEqualTo(200);
        assertThat(k.fillPercentage()).isEqualTo(25.0);
        assertThat(k.get(io.flafka.api.metrics.ChannelCounter.PUT_SUCCESS)).isEqualTo(50);
        assertThat(k.get(FileChannel.FSYNC_COUNT)).isPositive();
        assertThat(k.snapshot()).containsKeys(FileChannel.CHECKPOINT_WRITE_ERROR, FileChannel.PUT_ERROR,
                FileChannel.TAKE_ERROR, FileChannel.UNHEALTHY, FileChannel.FSYNC_TIME_MILLIS);
        assertThat(k.get(FileChannel.UNHEALTHY)).isZero();
        assertThat(take(c, 20, true)).hasSize(20);
        assertThat(k.get(io.flafka.api.metrics.ChannelCounter.TAKE_SUCCESS)).isEqualTo(20);
        assertThat(k.get(io.flafka.api.metrics.ChannelCounter.CHANNEL_SIZE)).isEqualTo(30);
        c.stop();
    }

    private static int indexOf(byte[] hay, byte[] needle) {
        outer:
        for (int i = 0; i <= hay.length - needle.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (hay[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        throw new AssertionError("not found");
    }
}
