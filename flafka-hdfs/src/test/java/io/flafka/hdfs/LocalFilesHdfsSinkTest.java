package io.flafka.hdfs;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.nio.file.Files;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.RawLocalFileSystem;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The sink on file:/// paths: Hadoop's raw local file system. */
class LocalFilesHdfsSinkTest extends AbstractHdfsSinkTest {
    @TempDir
    static java.nio.file.Path tmp;
    private static RawLocalFileSystem fs;

    @BeforeAll
    static void open() throws Exception {
        fs = new RawLocalFileSystem();
        fs.initialize(URI.create("file:///"), new Configuration());
    }

    @AfterAll
    static void close() throws Exception {
        fs.close();
    }

    @Override
    FileSystem fs() {
        return fs;
    }

    @Override
    String root() {
        return tmp.toUri().toString().replaceAll("/$", "");
    }

    @Test
    void writesNoChecksumFilesAndFlushesToDiskBeforeClose() throws Exception {
        String dir = newDir("crc");
        try (SinkHarness h = new SinkHarness(config(dir, "hdfs.fileType", "SequenceFile")).start()) {
            h.send(SinkHarness.bodies("e", 5, Map.of()));
            java.nio.file.Path open = java.nio.file.Path.of(URI.create(tmps(dir).get(0).toUri().toString()));
            assertThat(Files.size(open)).isGreaterThan(0);
        }
        try (var s = Files.walk(java.nio.file.Path.of(URI.create(dir)))) {
            assertThat(s.filter(Files::isRegularFile).map(p -> p.getFileName().toString()))
                    .hasSize(1).noneMatch(n -> n.endsWith(".crc"));
        }
    }

    @Test
    void aBarePathIsOnTheDefaultFileSystem() throws Exception {
        String dir = java.nio.file.Path.of(URI.create(newDir("bare"))).toString();
        try (SinkHarness h = new SinkHarness(config(dir)).start()) {
            h.send(SinkHarness.bodies("e", 3, Map.of()));
        }
        assertThat(lines(finals("file://" + dir))).containsExactly("e0", "e1", "e2");
    }
}
