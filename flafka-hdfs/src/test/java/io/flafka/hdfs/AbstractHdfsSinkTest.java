package io.flafka.hdfs;

import static io.flafka.hdfs.SinkHarness.T0;
import static org.assertj.core.api.Assertions.assertThat;

import io.flafka.api.Event;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.apache.avro.generic.GenericRecord;
import org.apache.hadoop.fs.FSDataOutputStream;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.io.compress.BZip2Codec;
import org.apache.hadoop.io.compress.CompressionCodec;
import org.apache.hadoop.io.compress.DefaultCodec;
import org.apache.hadoop.io.compress.DeflateCodec;
import org.apache.hadoop.io.compress.GzipCodec;
import org.apache.hadoop.io.compress.Lz4Codec;
import org.apache.hadoop.io.compress.SnappyCodec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The HDFS sink's behaviour, run against one file system per subclass (local files, MiniDFSCluster).
 * Every test writes under its own directory.
 */
abstract class AbstractHdfsSinkTest {
    private static final AtomicInteger DIRS = new AtomicInteger();

    /** The file system the files are checked with. */
    abstract FileSystem fs();

    /** The hdfs.path root for this file system, e.g. file:///tmp/x or hdfs://127.0.0.1:1234/t. */
    abstract String root();

    String newDir(String name) {
        return root() + "/" + name + "-" + DIRS.incrementAndGet();
    }

    static Map<String, String> config(String path, String... kv) {
        Map<String, String> c = new HashMap<>();
        c.put("hdfs.path", path);
        c.put("hdfs.fileType", "DataStream");
        c.put("hdfs.rollInterval", "0");
        c.put("hdfs.rollSize", "0");
        c.put("hdfs.rollCount", "0");
        c.put("hdfs.timeZone", "UTC");
        for (int i = 0; i < kv.length; i += 2) {
            c.put(kv[i], kv[i + 1]);
        }
        return c;
    }

    List<Path> files(String dir) throws Exception {
        return SinkHarness.files(fs(), new Path(dir));
    }

    List<Path> finals(String dir) throws Exception {
        return files(dir).stream().filter(p -> !p.getName().endsWith(".tmp")).toList();
    }

    List<Path> tmps(String dir) throws Exception {
        return files(dir).stream().filter(p -> p.getName().endsWith(".tmp")).toList();
    }

    List<String> lines(List<Path> paths) throws Exception {
        List<String> out = new ArrayList<>();
        for (Path p : paths) {
            out.addAll(SinkHarness.readLines(fs(), p, null));
        }
        return out;
    }

    static List<String> expected(String prefix, int n) {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            out.add(prefix + i);
        }
        return out;
    }

    @Test
    void rollsByCountAndFlushesEveryBatchToTheOpenFile() throws Exception {
        String dir = newDir("count");
        try (SinkHarness h = new SinkHarness(config(dir, "hdfs.rollCount", "10")).start()) {
            h.send(SinkHarness.bodies("e", 25, Map.of()));
            assertThat(finals(dir)).hasSize(2);
            assertThat(lines(finals(dir))).containsExactlyElementsOf(expected("e", 20));
            // the open file already holds its committed events: hflush reached the file system
            assertThat(tmps(dir)).hasSize(1);
            assertThat(lines(tmps(dir))).containsExactly("e20", "e21", "e22", "e23", "e24");
            assertThat(h.channel.size()).isZero();
        }
        assertThat(tmps(dir)).isEmpty();
        assertThat(lines(finals(dir))).containsExactlyElementsOf(expected("e", 25));
        assertThat(SinkHarness.names(finals(dir))).allMatch(n -> n.matches("FlumeData\\.\\d+"));
    }

    @Test
    void rollsBySize() throws Exception {
        String dir = newDir("size");
        try (SinkHarness h = new SinkHarness(config(dir, "hdfs.rollSize", "50")).start()) {
            h.send(SinkHarness.bodies("body-0000", 12, Map.of())); // 10 bytes each
        }
        List<Path> files = finals(dir);
        assertThat(files).hasSize(3);
        assertThat(SinkHarness.readLines(fs(), files.get(0), null)).hasSize(5);
        assertThat(lines(files)).hasSize(12);
    }

    @Test
    void rollsByIntervalOnTheSinksClockEvenWhenIdle() throws Exception {
        String dir = newDir("interval");
        try (SinkHarness h = new SinkHarness(config(dir, "hdfs.rollInterval", "30")).start()) {
            h.send(SinkHarness.bodies("a", 3, Map.of()));
            h.clock.addAndGet(29_000);
            h.drain();
            assertThat(finals(dir)).isEmpty();
            h.clock.addAndGet(1_000);
            h.drain(); // an empty process() rolls too
            assertThat(finals(dir)).hasSize(1);
            assertThat(tmps(dir)).isEmpty();
            h.send(SinkHarness.bodies("b", 2, Map.of()));
            assertThat(tmps(dir)).hasSize(1);
        }
        assertThat(lines(finals(dir))).containsExactly("a0", "a1", "a2", "b0", "b1");
    }

    @Test
    void closesIdleFiles() throws Exception {
        String dir = newDir("idle");
        try (SinkHarness h = new SinkHarness(config(dir, "hdfs.idleTimeout", "10")).start()) {
            h.send(SinkHarness.bodies("a", 3, Map.of()));
            h.clock.addAndGet(5_000);
            h.send(SinkHarness.bodies("b", 1, Map.of()));
            h.clock.addAndGet(9_000);
            h.drain();
            assertThat(finals(dir)).isEmpty();
            h.clock.addAndGet(1_000);
            h.drain();
            assertThat(finals(dir)).hasSize(1);
            assertThat(h.sink.openFiles()).isEmpty();
        }
    }

    @Test
    void escapesPathsOncePerBucket() throws Exception {
        String dir = newDir("escapes");
        String path = dir + "/%Y-%y/%m-%n/%d-%e/%H-%k-%I-%p/%M-%S-%s/%j-%a-%A-%b-%B-%z/%{topic}/%[localhost]-%[IP]-%[FQDN]"
                + "/%t";
        Map<String, String> headers = Map.of("timestamp", Long.toString(T0), "topic", "clicks");
        try (SinkHarness h = new SinkHarness(config(path, "hdfs.filePrefix", "ev-%{topic}-%Y",
                "hdfs.fileSuffix", ".log", "hdfs.inUsePrefix", "_")).start()) {
            h.send(SinkHarness.bodies("x", 300, headers));
            assertThat(h.sink.bucketFormatCount()).isEqualTo(1);
        }
        List<Path> files = files(dir);
        assertThat(files).hasSize(1);
        String rel = files.get(0).toUri().getPath().substring(new Path(dir).toUri().getPath().length());
        assertThat(rel).matches("/2023-23/11-11/14-14/22-22-10-PM/13-20-1700000000/318-Tue-Tuesday-Nov-November-\\+0000"
                + "/clicks/testhost-10\\.1\\.2\\.3-testhost\\.example\\.com/1700000000000/ev-clicks-2023\\.\\d+\\.log");
    }

    @Test
    void roundsTheLocalTimestamp() throws Exception {
        String dir = newDir("round");
        try (SinkHarness h = new SinkHarness(config(dir + "/%H%M", "hdfs.useLocalTimeStamp", "true",
                "hdfs.round", "true", "hdfs.roundValue", "10", "hdfs.roundUnit", "minute")).start()) {
            h.send(SinkHarness.bodies("a", 2, Map.of()));
            h.clock.addAndGet(7 * 60_000); // 22:20:20 -> 2220
            h.send(SinkHarness.bodies("b", 2, Map.of()));
        }
        assertThat(files(dir)).extracting(p -> p.getParent().getName()).containsExactly("2210", "2220");
    }

    /** Two good events, one without a timestamp header, one with a non-numeric one. */
    private static List<Event> someWithoutTimestamp() {
        List<Event> events = new ArrayList<>(SinkHarness.bodies("ok", 2, Map.of("timestamp", Long.toString(T0))));
        events.add(Event.ofString("no-timestamp"));
        events.add(Event.of("bad-timestamp".getBytes(StandardCharsets.UTF_8), Map.of("timestamp", "soon")));
        return events;
    }

    @Test
    void byDefaultEventsWithoutTimestampGoToTheBucketOfTheSinksClock() throws Exception {
        String dir = newDir("nots-local");
        try (SinkHarness h = new SinkHarness(config(dir + "/%Y-%m-%d")).start()) {
            h.clock.set(T0 + 2 * 86_400_000L); // the sink's clock is two days after the events' time
            h.send(someWithoutTimestamp());
            assertThat(h.counter.get(HdfsSink.MISSING_TIMESTAMP)).isEqualTo(2);
            assertThat(h.counter.get(HdfsSink.EVENT_DROP)).isZero();
            assertThat(h.channel.size()).isZero();
        }
        assertThat(lines(finals(dir + "/2023-11-14"))).containsExactly("ok0", "ok1");
        assertThat(lines(finals(dir + "/2023-11-16"))).containsExactly("no-timestamp", "bad-timestamp");
    }

    @Test
    void missingTimestampDropDropsAndCountsThem() throws Exception {
        String dir = newDir("nots-drop");
        try (SinkHarness h = new SinkHarness(config(dir + "/%Y", "hdfs.missingTimestamp", "drop")).start()) {
            h.send(someWithoutTimestamp());
            assertThat(h.counter.get(HdfsSink.EVENT_DROP)).isEqualTo(2);
            assertThat(h.counter.get(HdfsSink.MISSING_TIMESTAMP)).isEqualTo(2);
            assertThat(h.channel.size()).isZero();
        }
        assertThat(lines(finals(dir))).containsExactly("ok0", "ok1");
    }

    @Test
    void missingTimestampFailRollsTheBatchBackBeforeWritingAnything() throws Exception {
        String dir = newDir("nots-fail");
        try (SinkHarness h = new SinkHarness(config(dir + "/%Y", "hdfs.missingTimestamp", "fail")).start()) {
            h.channel.putAll(someWithoutTimestamp());
            for (int attempt = 0; attempt < 2; attempt++) {
                // Flume's trap: the same batch fails every time, the channel stays blocked
                org.assertj.core.api.Assertions.assertThatThrownBy(h.sink::process)
                        .isInstanceOf(io.flafka.api.EventDeliveryException.class)
                        .hasStackTraceContaining("hdfs.missingTimestamp = fail");
                assertThat(h.channel.size()).isEqualTo(4);
                assertThat(h.channel.openTransactions()).isZero();
            }
            assertThat(h.counter.get(HdfsSink.MISSING_TIMESTAMP)).isEqualTo(2);
            assertThat(h.counter.get(HdfsSink.EVENT_DROP)).isZero();
            assertThat(h.sink.openFiles()).isEmpty();
            assertThat(files(dir)).as("no file is opened for a batch that fails").isEmpty();
        }
    }

    @Test
    void aPathWithoutTimeEscapesNeedsNoTimestamp() throws Exception {
        String dir = newDir("nots-notime");
        try (SinkHarness h = new SinkHarness(config(dir + "/%{k}", "hdfs.missingTimestamp", "fail")).start()) {
            h.send(SinkHarness.bodies("e", 3, Map.of("k", "v")));
            assertThat(h.counter.get(HdfsSink.MISSING_TIMESTAMP)).isZero();
        }
        assertThat(lines(finals(dir + "/v"))).containsExactly("e0", "e1", "e2");
    }

    @Test
    void anInUsePrefixWithEmptyInUseSuffixMarksOpenFiles() throws Exception {
        String dir = newDir("inuse");
        try (SinkHarness h = new SinkHarness(config(dir, "hdfs.inUsePrefix", "_", "hdfs.emptyInUseSuffix", "true",
                "hdfs.filePrefix", "events", "hdfs.fileSuffix", ".log")).start()) {
            h.send(SinkHarness.bodies("e", 2, Map.of()));
            assertThat(SinkHarness.names(files(dir))).singleElement().satisfies(n ->
                    assertThat(n).matches("_events\\.\\d+\\.log"));
        }
        assertThat(SinkHarness.names(files(dir))).singleElement().satisfies(n ->
                assertThat(n).matches("events\\.\\d+\\.log"));
    }

    @Test
    void closesTheLeastRecentlyUsedFileBeyondMaxOpenFiles() throws Exception {
        String dir = newDir("lru");
        try (SinkHarness h = new SinkHarness(config(dir + "/%{k}", "hdfs.maxOpenFiles", "2")).start()) {
            h.send(SinkHarness.bodies("a", 2, Map.of("k", "a")));
            h.send(SinkHarness.bodies("b", 2, Map.of("k", "b")));
            h.send(SinkHarness.bodies("a", 1, Map.of("k", "a"))); // a is now the most recent
            h.send(SinkHarness.bodies("c", 2, Map.of("k", "c")));  // evicts b
            assertThat(h.sink.openFiles()).hasSize(2);
            assertThat(finals(dir)).extracting(p -> p.getParent().getName()).containsExactly("b");
            assertThat(tmps(dir)).extracting(p -> p.getParent().getName()).containsExactly("a", "c");
        }
        assertThat(tmps(dir)).isEmpty();
        assertThat(finals(dir)).hasSize(3);
    }

    @Test
    void aFailedBatchRollsBackAndIsWrittenAgainToNewFiles() throws Exception {
        String dir = newDir("fail");
        // "bad" is a plain file, so no file can be created under dir/bad/
        fs().create(new Path(dir, "bad")).close();
        try (SinkHarness h = new SinkHarness(config(dir + "/%{k}")).start()) {
            List<Event> batch = new ArrayList<>(SinkHarness.bodies("g", 3, Map.of("k", "good")));
            batch.addAll(SinkHarness.bodies("b", 2, Map.of("k", "bad")));
            h.channel.putAll(batch);
            org.assertj.core.api.Assertions.assertThatThrownBy(h.sink::process)
                    .isInstanceOf(io.flafka.api.EventDeliveryException.class);
            assertThat(h.channel.size()).isEqualTo(5);
            assertThat(h.channel.openTransactions()).isZero();
            assertThat(h.sink.openFiles()).as("the batch's files are closed").isEmpty();
            assertThat(tmps(dir)).isEmpty();
            fs().delete(new Path(dir, "bad"), false);
            h.drain();
            assertThat(h.channel.size()).isZero();
        }
        assertThat(lines(finals(dir))).containsAll(List.of("g0", "g1", "g2", "b0", "b1"));
    }

    @Test
    void recoversLeftoverInUseFilesAtStart() throws Exception {
        String dir = newDir("leftover");
        Path day = new Path(dir + "/2023-11-14");
        Path mine = new Path(day, "FlumeData.1699999999999.tmp");
        Path other = new Path(day, "Other.1699999999999.tmp");
        Path empty = new Path(day, "FlumeData.1699999999998.tmp");
        FSDataOutputStream left = fs().create(mine);
        left.write("left-0\nleft-1\n".getBytes(StandardCharsets.UTF_8));
        left.hflush(); // a crashed writer: never closed
        fs().create(other).close();
        fs().create(empty).close();
        try (SinkHarness h = new SinkHarness(config(dir + "/%Y-%m-%d", "hdfs.useLocalTimeStamp", "true")).start()) {
            assertThat(fs().exists(mine)).isFalse();
            assertThat(fs().exists(empty)).isFalse();
            assertThat(SinkHarness.readLines(fs(), new Path(day, "FlumeData.1699999999999"), null))
                    .containsExactly("left-0", "left-1");
            assertThat(fs().exists(other)).isTrue();
        } finally {
            try {
                left.close();
            } catch (Exception ignored) {
                // on HDFS the lease was taken over: closing the crashed writer fails
            }
        }
    }

    static Stream<Arguments> formats() {
        return Stream.of(
                Arguments.of("DataStream", null, "TEXT", null),
                Arguments.of("DataStream", null, "HEADER_AND_TEXT", null),
                Arguments.of("CompressedStream", "gzip", "TEXT", GzipCodec.class),
                Arguments.of("CompressedStream", "bzip2", "TEXT", BZip2Codec.class),
                Arguments.of("CompressedStream", "deflate", "TEXT", DeflateCodec.class),
                Arguments.of("CompressedStream", "DefaultCodec", "TEXT", DefaultCodec.class),
                Arguments.of("CompressedStream", "snappy", "TEXT", SnappyCodec.class),
                Arguments.of("CompressedStream", "lz4", "TEXT", Lz4Codec.class));
    }

    @ParameterizedTest(name = "{0} {1} {2}")
    @MethodSource("formats")
    void streamFormatsReadBackWithHadoopsReaders(String type, String codec, String serializer,
                                                 Class<? extends CompressionCodec> codecClass) throws Exception {
        String dir = newDir("fmt-" + type + "-" + codec + "-" + serializer);
        Map<String, String> c = config(dir, "hdfs.fileType", type, "serializer", serializer, "hdfs.batchSize", "7");
        if (codec != null) {
            c.put("hdfs.codeC", codec);
        }
        try (SinkHarness h = new SinkHarness(c).start()) {
            h.send(SinkHarness.bodies("v", 20, serializer.equals("TEXT") ? Map.of() : Map.of("h", "1")));
            h.send(SinkHarness.bodies("w", 5, serializer.equals("TEXT") ? Map.of() : Map.of("h", "1")));
        }
        List<Path> files = finals(dir);
        assertThat(files).hasSize(1);
        CompressionCodec cc = codecClass == null ? null : SinkHarness.codec(codecClass);
        if (cc != null) {
            assertThat(files.get(0).getName()).endsWith(cc.getDefaultExtension());
        }
        List<String> got = SinkHarness.readLines(fs(), files.get(0), cc);
        List<String> want = new ArrayList<>(expected("v", 20));
        want.addAll(expected("w", 5));
        if (serializer.equals("HEADER_AND_TEXT")) {
            want = want.stream().map(s -> "{h=1} " + s).toList();
        }
        assertThat(got).containsExactlyElementsOf(want);
    }

    static Stream<Arguments> bigBatchFormats() {
        return Stream.of(Arguments.of("DataStream", null), Arguments.of("CompressedStream", "gzip"),
                Arguments.of("SequenceFile", null));
    }

    /** Batches larger than the write buffer's 512 KiB, rolled by size in their middle: every byte, in order. */
    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("bigBatchFormats")
    void batchesLargerThanTheWriteBufferRollBySizeMidBatchAndReadBackExactly(String type, String codec)
            throws Exception {
        String dir = newDir("big-" + type + "-" + codec);
        long rollSize = 300_000;
        Map<String, String> c = config(dir, "hdfs.fileType", type, "hdfs.batchSize", "2500",
                "hdfs.rollSize", Long.toString(rollSize));
        if (codec != null) {
            c.put("hdfs.codeC", codec);
        }
        String pad = "x".repeat(300);
        List<String> want = new ArrayList<>();
        for (int i = 0; i < 5000; i++) {
            want.add("big-" + i + "-" + pad);
        }
        try (SinkHarness h = new SinkHarness(c).start()) {
            h.send(want.stream().map(b -> Event.of(b.getBytes(StandardCharsets.UTF_8))).toList());
            assertThat(h.channel.size()).isZero();
        }
        CompressionCodec cc = codec == null ? null : SinkHarness.codec(GzipCodec.class);
        List<Path> files = finals(dir);
        List<String> got = new ArrayList<>();
        for (int i = 0; i < files.size(); i++) {
            List<String> bodies = type.equals("SequenceFile")
                    ? SinkHarness.readSequenceFile(fs(), files.get(i)).stream().map(Map.Entry::getValue).toList()
                    : SinkHarness.readLines(fs(), files.get(i), cc);
            long bytes = bodies.stream().mapToLong(b -> b.getBytes(StandardCharsets.UTF_8).length).sum();
            if (i < files.size() - 1) {
                // hdfs.rollSize counts body bytes: a file rolls with the event that reaches it
                assertThat(bytes).isGreaterThanOrEqualTo(rollSize);
                assertThat(bytes - bodies.get(bodies.size() - 1).length()).isLessThan(rollSize);
            }
            got.addAll(bodies);
        }
        assertThat(files).hasSizeGreaterThanOrEqualTo(5);
        assertThat(got).containsExactlyElementsOf(want);
    }

    static Stream<Arguments> sequenceFiles() {
        return Stream.of(Arguments.of("Writable", null), Arguments.of("Text", null), Arguments.of("Writable", "gzip"),
                Arguments.of("Text", "bzip2"), Arguments.of("Writable", "snappy"), Arguments.of("Writable", "default"),
                Arguments.of("Writable", "lz4"));
    }

    @ParameterizedTest(name = "SequenceFile {0} {1}")
    @MethodSource("sequenceFiles")
    void sequenceFilesReadBackWithSequenceFileReader(String writeFormat, String codec) throws Exception {
        String dir = newDir("seq-" + writeFormat + "-" + codec);
        Map<String, String> c = config(dir, "hdfs.fileType", "SequenceFile", "hdfs.writeFormat", writeFormat,
                "hdfs.batchSize", "10");
        if (codec != null) {
            c.put("hdfs.codeC", codec);
        }
        try (SinkHarness h = new SinkHarness(c).start()) {
            h.send(SinkHarness.bodies("s", 25, Map.of("timestamp", "42")));
        }
        List<Path> files = finals(dir);
        assertThat(files).hasSize(1);
        List<Map.Entry<Long, String>> records = SinkHarness.readSequenceFile(fs(), files.get(0));
        assertThat(records).extracting(Map.Entry::getValue).containsExactlyElementsOf(expected("s", 25));
        assertThat(records).extracting(Map.Entry::getKey).containsOnly(42L);
    }

    @Test
    void avroEventFilesReadBackWithAvro() throws Exception {
        String dir = newDir("avro");
        try (SinkHarness h = new SinkHarness(config(dir, "serializer", "avro_event", "hdfs.fileSuffix", ".avro",
                "serializer.compressionCodec", "deflate", "serializer.syncIntervalBytes", "4096")).start()) {
            h.send(SinkHarness.bodies("r", 30, Map.of("k", "v")));
        }
        List<Path> files = finals(dir);
        assertThat(files).singleElement().satisfies(p -> assertThat(p.getName()).endsWith(".avro"));
        List<GenericRecord> records = SinkHarness.readAvro(fs(), files.get(0));
        assertThat(records).hasSize(30);
        assertThat(records.get(3).get("headers").toString()).isEqualTo("{k=v}");
        assertThat(StandardCharsets.UTF_8.decode((java.nio.ByteBuffer) records.get(3).get("body")).toString())
                .isEqualTo("r3");
    }

    @Test
    void aFailedCloseStillEndsInARenamedFile() throws Exception {
        String dir = newDir("closefail");
        Path inUse = new Path(dir, "FlumeData.1.tmp");
        Path target = new Path(dir, "FlumeData.1");
        FSDataOutputStream out = fs().create(inUse);
        out.write("kept\n".getBytes(StandardCharsets.UTF_8));
        out.hflush();
        HdfsWriter broken = new HdfsWriter() {
            @Override
            public void append(Event event) {
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() throws java.io.IOException {
                throw new java.io.IOException("injected close failure");
            }

            @Override
            public int currentReplication() {
                return -1;
            }
        };
        var timer = java.util.concurrent.Executors.newSingleThreadScheduledExecutor();
        HdfsCalls calls = new HdfsCalls("t", 1, 10_000);
        try {
            // a separate FileSystem instance, as the sink has: it recovers the lease "out" still holds
            FileSystem sinkFs = FileSystem.newInstance(fs().getUri(), fs().getConf());
            if (fs() instanceof org.apache.hadoop.fs.RawLocalFileSystem) {
                sinkFs = fs();
            }
            FileCloser closer = new FileCloser("t", sinkFs, calls, timer, 3, 100, 10_000,
                    new io.flafka.api.metrics.SinkCounter("t"));
            assertThat(closer.closeAndRename(broken, inUse, target)).isFalse();
            org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(60))
                    .until(() -> fs().exists(target) && !fs().exists(inUse));
            assertThat(SinkHarness.readLines(fs(), target, null)).containsExactly("kept");
        } finally {
            timer.shutdownNow();
            calls.shutdownNow();
            try {
                out.close();
            } catch (Exception ignored) {
                // the lease was recovered by the other client
            }
        }
    }
}
