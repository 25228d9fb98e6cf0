package io.flafka.sources.spooldir;

import static org.assertj.core.api.Assertions.assertThat;

import io.flafka.api.ComponentContext;
import io.flafka.api.ComponentKind;
import io.flafka.api.ComponentProvider;
import io.flafka.api.Event;
import io.flafka.api.Source;
import io.flafka.api.config.Config;
import io.flafka.api.metrics.SourceCounter;
import io.flafka.testkit.CollectingChannelProcessor;
import io.flafka.testkit.SourceContractTest;
import java.io.ByteArrayInputStream;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.avro.Schema;
import org.apache.avro.SchemaBuilder;
import org.apache.avro.file.DataFileWriter;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.DecoderFactory;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SpoolDirectorySourceTest extends SourceContractTest {
    @TempDir
    Path dir;
    private int produced;
    private int files;

    @Override
    protected ComponentProvider<?> provider() {
        return new SpoolDirectorySourceProvider();
    }

    @Override
    protected Map<String, String> config() throws Exception {
        Files.createDirectories(spool());
        return base();
    }

    private Path spool() {
        return dir.resolve("spool");
    }

    private Map<String, String> base() {
        Map<String, String> m = new HashMap<>();
        m.put("spoolDir", spool().toString());
        m.put("batchSize", "4");
        m.put("pollDelay", "20");
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
        drop("f" + (files++) + ".log", sb.toString().getBytes(StandardCharsets.UTF_8));
        return out;
    }

    /** Writes outside the directory, then moves the complete file in, as spooled files must arrive. */
    private Path drop(String name, byte[] content) throws IOException {
        Path tmp = dir.resolve("tmp-" + name);
        Files.write(tmp, content);
        return Files.move(tmp, spool().resolve(name));
    }

    private static String lines(int from, int to) {
        StringBuilder sb = new StringBuilder();
        for (int i = from; i < to; i++) {
            sb.append("l").append(i).append('\n');
        }
        return sb.toString();
    }

    private SpoolDirectorySource newSource(Map<String, String> raw) {
        return (SpoolDirectorySource) new SpoolDirectorySourceProvider().create(new ComponentContext("a1", "r1",
                ComponentKind.SOURCE, Config.parse(SpoolDirectorySource.CONFIG_DEF, raw), new SourceCounter("r1")));
    }

    private static void pollUntil(SpoolDirectorySource s, java.util.concurrent.Callable<Boolean> done) {
        Awaitility.await().atMost(PATIENCE).pollInterval(Duration.ofMillis(5)).until(() -> {
            s.process();
            return done.call();
        });
    }

    private static void assertExactly(CollectingChannelProcessor p, int n) {
        List<String> bodies = p.bodies();
        Set<String> unique = new HashSet<>(bodies);
        assertThat(unique).as("no duplicates").hasSize(bodies.size());
        for (int i = 0; i < n; i++) {
            assertThat(unique).contains("l" + i);
        }
        assertThat(bodies).hasSize(n);
    }

    @Test
    void restartMidFileLosesAndRepeatsNothing() throws Exception {
        drop("a.log", lines(0, 50).getBytes(StandardCharsets.UTF_8));
        drop("b.log", lines(50, 70).getBytes(StandardCharsets.UTF_8));
        CollectingChannelProcessor p = new CollectingChannelProcessor();
        int target = 9;
        while (p.count() < 70) {
            SpoolDirectorySource s = newSource(base());
            s.start(p);
            int goal = Math.min(70, target);
            pollUntil(s, () -> p.count() >= goal);
            s.stop();
            target += 9;
        }
        assertExactly(p, 70);
        SpoolDirectorySource s = newSource(base());
        s.start(p);
        pollUntil(s, () -> Files.exists(spool().resolve("b.log.COMPLETED")));
        s.stop();
        assertThat(spool().resolve("a.log.COMPLETED")).exists();
        assertThat(p.count()).isEqualTo(70);
    }

    @Test
    void aFileThatChangesWhileReadIsReportedAndNotMixed() throws Exception {
        Path f = drop("a.log", lines(0, 20).getBytes(StandardCharsets.UTF_8));
        CollectingChannelProcessor p = new CollectingChannelProcessor();
        SpoolDirectorySource s = newSource(base());
        SourceCounter c = new SourceCounter("r1");
        s = (SpoolDirectorySource) new SpoolDirectorySourceProvider().create(new ComponentContext("a1", "r1",
                ComponentKind.SOURCE, Config.parse(SpoolDirectorySource.CONFIG_DEF, base()), c));
        s.start(p);
        SpoolDirectorySource src = s;
        pollUntil(src, () -> p.count() >= 4);
        Files.writeString(f, "appended\n", java.nio.file.StandardOpenOption.APPEND);
        pollUntil(src, () -> c.get(SpoolDirectorySource.FILE_CHANGED) == 1);
        drop("b.log", lines(100, 102).getBytes(StandardCharsets.UTF_8));
        pollUntil(src, () -> p.bodies().contains("l101"));
        src.stop();
        assertThat(p.bodies()).doesNotContain("appended");
        assertThat(f).exists();
        assertThat(spool().resolve("a.log.COMPLETED")).doesNotExist();
    }

    @Test
    void headersTrackerDirPolicyAndLongLines() throws Exception {
        Map<String, String> raw = base();
        raw.put("trackingPolicy", "tracker_dir");
        raw.put("fileHeader", "true");
        raw.put("basenameHeader", "true");
        raw.put("basenameHeaderKey", "bn");
        raw.put("deserializer.maxLineLength", "5");
        raw.put("ignorePattern", "^skip.*$");
        drop("skip.me", "x\n".getBytes(StandardCharsets.UTF_8));
        Path f = drop("a.txt", "0123456789ab\nxy".getBytes(StandardCharsets.UTF_8));
        CollectingChannelProcessor p = new CollectingChannelProcessor();
        SpoolDirectorySource s = newSource(raw);
        s.start(p);
        pollUntil(s, () -> Files.exists(spool().resolve(".flumespool/a.txt.COMPLETED")));
        s.stop();
        assertThat(p.bodies()).containsExactly("01234", "56789", "ab", "xy");
        Event e = p.events().get(0);
        assertThat(e.headers()).containsEntry("file", f.toAbsolutePath().toString()).containsEntry("bn", "a.txt");
        assertThat(f).exists();
        SpoolDirectorySource again = newSource(raw);
        again.start(p);
        for (int i = 0; i < 5; i++) {
            again.process();
        }
        again.stop();
        assertThat(p.count()).as("a tracked file is not read again").isEqualTo(4);
    }

    @Test
    void decodeErrorPolicies() throws Exception {
        byte[] bad = {'a', (byte) 0xff, 'b', '\n', 'c', '\n'};
        Map<String, String> raw = base();
        raw.put("decodeErrorPolicy", "REPLACE");
        raw.put("deletePolicy", "immediate");
        drop("a.log", bad);
        CollectingChannelProcessor p = new CollectingChannelProcessor();
        SpoolDirectorySource s = newSource(raw);
        s.start(p);
        pollUntil(s, () -> !Files.exists(spool().resolve("a.log")));
        s.stop();
        assertThat(p.bodies()).containsExactly("a\uFFFDb", "c");

        p.clear();
        raw.put("decodeErrorPolicy", "FAIL");
        drop("b.log", bad);
        SourceCounter c = new SourceCounter("r1");
        SpoolDirectorySource failing = (SpoolDirectorySource) new SpoolDirectorySourceProvider().create(
                new ComponentContext("a1", "r1", ComponentKind.SOURCE,
                        Config.parse(SpoolDirectorySource.CONFIG_DEF, raw), c));
        failing.start(p);
        pollUntil(failing, () -> c.get(SourceCounter.EVENT_READ_FAIL) == 1);
        failing.stop();
        assertThat(p.count()).isZero();
        assertThat(spool().resolve("b.log")).exists();
    }

    @Test
    void avroContainerFilesResumeMidFile() throws Exception {
        Schema schema = SchemaBuilder.record("R").fields().requiredInt("n").endRecord();
        File f = dir.resolve("tmp.avro").toFile();
        try (DataFileWriter<GenericRecord> w = new DataFileWriter<>(new GenericDatumWriter<GenericRecord>(schema))) {
            w.setSyncInterval(64);
            w.create(schema, f);
            for (int i = 0; i < 300; i++) {
                GenericRecord r = new GenericData.Record(schema);
                r.put("n", i);
                w.append(r);
            }
        }
        Files.move(f.toPath(), spool().resolve("data.avro"));
        Map<String, String> raw = base();
        raw.put("deserializer", "AVRO");
        raw.put("batchSize", "7");
        CollectingChannelProcessor p = new CollectingChannelProcessor();
        SpoolDirectorySource s = newSource(raw);
        s.start(p);
        pollUntil(s, () -> p.count() >= 100);
        s.stop();
        raw.put("deserializer.schemaType", "LITERAL");
        SpoolDirectorySource again = newSource(raw);
        again.start(p);
        pollUntil(again, () -> Files.exists(spool().resolve("data.avro.COMPLETED")));
        again.stop();
        GenericDatumReader<GenericRecord> reader = new GenericDatumReader<>(schema);
        List<Integer> got = new ArrayList<>();
        for (Event e : p.events()) {
            GenericRecord r = reader.read(null, DecoderFactory.get().binaryDecoder(
                    new ByteArrayInputStream(e.body()), null));
            got.add((Integer) r.get("n"));
        }
        List<Integer> expected = new ArrayList<>();
        for (int i = 0; i < 300; i++) {
            expected.add(i);
        }
        assertThat(got).containsExactlyElementsOf(expected);
        assertThat(p.events().get(0).header("flume.avro.schema.hash")).hasSize(16);
        assertThat(p.events().get(299).header("flume.avro.schema.literal")).contains("\"R\"");
    }

    @Test
    void recursiveSearchAndYoungestFirst() throws Exception {
        Map<String, String> raw = base();
        raw.put("recursiveDirectorySearch", "true");
        raw.put("consumeOrder", "youngest");
        Path old = drop("old.log", "old\n".getBytes(StandardCharsets.UTF_8));
        Files.setLastModifiedTime(old, java.nio.file.attribute.FileTime.fromMillis(System.currentTimeMillis() - 60_000));
        Files.createDirectories(spool().resolve("sub"));
        Path tmp = dir.resolve("tmp-new");
        Files.writeString(tmp, "new\n");
        Files.move(tmp, spool().resolve("sub/new.log"));
        CollectingChannelProcessor p = new CollectingChannelProcessor();
        SpoolDirectorySource s = newSource(raw);
        s.start(p);
        pollUntil(s, () -> Files.exists(spool().resolve("old.log.COMPLETED")));
        s.stop();
        assertThat(p.bodies()).containsExactly("new", "old");
        assertThat(spool().resolve("sub/new.log.COMPLETED")).exists();
    }

    @Test
    void blobDeserializerSendsWholeFilesInChunks() throws Exception {
        Map<String, String> raw = base();
        raw.put("deserializer", "org.apache.flume.sink.solr.morphline.BlobDeserializer$Builder");
        raw.put("deserializer.maxBlobLength", "10");
        drop("blob.bin", "0123456789abcdefghijXYZ".getBytes(StandardCharsets.UTF_8));
        CollectingChannelProcessor p = new CollectingChannelProcessor();
        SpoolDirectorySource s = newSource(raw);
        s.start(p);
        pollUntil(s, () -> Files.exists(spool().resolve("blob.bin.COMPLETED")));
        s.stop();
        assertThat(p.bodies()).containsExactly("0123456789", "abcdefghij", "XYZ");
    }
}
