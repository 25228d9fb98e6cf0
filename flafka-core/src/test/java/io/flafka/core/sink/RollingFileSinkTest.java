package io.flafka.core.sink;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.flafka.api.ComponentProvider;
import io.flafka.api.Event;
import io.flafka.api.EventDeliveryException;
import io.flafka.api.Sink;
import io.flafka.api.Status;
import io.flafka.api.config.Config;
import io.flafka.api.config.ConfigException;
import io.flafka.api.metrics.SinkCounter;
import io.flafka.testkit.SimpleTestChannel;
import io.flafka.testkit.SinkContractTest;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RollingFileSinkTest extends SinkContractTest {
    @TempDir
    Path dir;

    /** While set, every write to an open file fails (after some bytes reached the file). */
    private final AtomicBoolean failWrites = new AtomicBoolean();

    @Override
    protected ComponentProvider<?> provider() {
        return new RollingFileSinkProvider();
    }

    @Override
    protected Map<String, String> config() {
        return Map.of("sink.directory", dir.resolve("out").toString(), "sink.batchSize", "50",
                "sink.rollInterval", "0");
    }

    @Override
    protected int batchSize() {
        return 50;
    }

    @Override
    protected Sink createSink(io.flafka.api.ComponentContext context) {
        return new RollingFileSink(context.name(), RollingFileSinkProvider.settings(context.config()),
                context.counters(SinkCounter.class), this::flakyOpen, System::currentTimeMillis);
    }

    private OutputStream flakyOpen(Path path) throws IOException {
        OutputStream real = Files.newOutputStream(path, java.nio.file.StandardOpenOption.CREATE_NEW);
        return new FilterOutputStream(real) {
            @Override
            public void write(byte[] b, int off, int len) throws IOException {
                if (failWrites.get()) {
                    out.write(b, off, Math.min(len, 7));
                    throw new IOException("disk on fire");
                }
                out.write(b, off, len);
            }
        };
    }

    @Override
    protected List<String> delivered() throws IOException {
        return readLines(dir.resolve("out"));
    }

    @Override
    protected boolean breakDelivery(Sink s) {
        failWrites.set(true);
        return true;
    }

    @Override
    protected void repairDelivery(Sink s) {
        failWrites.set(false);
    }

    private static List<Path> files(Path d) throws IOException {
        if (!Files.isDirectory(d)) {
            return List.of();
        }
        try (Stream<Path> s = Files.list(d)) {
            return s.sorted((a, b) -> fileOrder(a).compareTo(fileOrder(b))).toList();
        }
    }

    /** Orders {@code <millis>-<n>} names by n. */
    private static Long fileOrder(Path p) {
        String name = p.getFileName().toString();
        int dash = name.lastIndexOf('-');
        int dot = name.indexOf('.', dash);
        return Long.parseLong(name.substring(dash + 1, dot < 0 ? name.length() : dot));
    }

    private static List<String> readLines(Path d) throws IOException {
        List<String> out = new ArrayList<>();
        for (Path f : files(d)) {
            out.addAll(Files.readAllLines(f, StandardCharsets.UTF_8));
        }
        return out;
    }

    private RollingFileSink sink(Map<String, String> overrides, SinkCounter c, AtomicLong clock) {
        Map<String, String> raw = new HashMap<>(config());
        raw.putAll(overrides);
        Config cfg = Config.parse(RollingFileSink.CONFIG_DEF, raw);
        return new RollingFileSink("k", RollingFileSinkProvider.settings(cfg), c, this::flakyOpen, clock::get);
    }

    private static void put(SimpleTestChannel ch, String... bodies) {
        List<Event> events = new ArrayList<>();
        for (String b : bodies) {
            Map<String, String> h = new LinkedHashMap<>();
            h.put("k", b.toUpperCase());
            events.add(Event.of(b.getBytes(StandardCharsets.UTF_8), h));
        }
        ch.putAll(events);
    }

    private static void drainAll(Sink s) throws Exception {
        while (s.process() == Status.READY) {
            // drain
        }
    }

    @Test
    void rollsAfterTheIntervalAndWhenIdle() throws Exception {
        AtomicLong clock = new AtomicLong(1_000_000L);
        SinkCounter c = new SinkCounter("k");
        RollingFileSink s = sink(Map.of("sink.rollInterval", "30"), c, clock);
        SimpleTestChannel ch = new SimpleTestChannel();
        s.start(ch);
        Path out = dir.resolve("out");
        assertThat(files(out)).as("no file before the first event").isEmpty();
        put(ch, "a", "b");
        drainAll(s);
        clock.addAndGet(29_999);
        put(ch, "c");
        drainAll(s);
        assertThat(files(out)).hasSize(1);
        Path first = s.currentFile();
        assertThat(first.getFileName().toString()).isEqualTo("1000000-1");
        clock.addAndGet(1);
        assertThat(s.process()).as("idle process").isEqualTo(Status.BACKOFF);
        assertThat(s.currentFile()).as("idle roll closed the file").isNull();
        assertThat(files(out)).hasSize(1);
        put(ch, "d");
        drainAll(s);
        assertThat(files(out)).hasSize(2);
        assertThat(s.currentFile().getFileName().toString()).isEqualTo("1000000-2");
        clock.addAndGet(30_000);
        put(ch, "e");
        drainAll(s);
        s.stop();
        List<Path> all = files(out);
        assertThat(all).hasSize(3);
        assertThat(Files.readAllLines(all.get(0))).containsExactly("a", "b", "c");
        assertThat(Files.readAllLines(all.get(1))).containsExactly("d");
        assertThat(Files.readAllLines(all.get(2))).containsExactly("e");
        assertThat(c.get(SinkCounter.CONNECTION_CREATED)).isEqualTo(3);
        assertThat(c.get(SinkCounter.CONNECTION_CLOSED)).isEqualTo(3);
    }

    @Test
    void zeroIntervalWritesOneFile() throws Exception {
        AtomicLong clock = new AtomicLong(5L);
        RollingFileSink s = sink(Map.of(), new SinkCounter("k"), clock);
        SimpleTestChannel ch = new SimpleTestChannel();
        s.start(ch);
        for (int i = 0; i < 5; i++) {
            put(ch, "x" + i);
            drainAll(s);
            clock.addAndGet(3_600_000L);
        }
        s.stop();
        assertThat(files(dir.resolve("out"))).hasSize(1);
        assertThat(readLines(dir.resolve("out"))).containsExactly("x0", "x1", "x2", "x3", "x4");
    }

    @Test
    void headerAndTextSerializerWritesFlumesFormat() throws Exception {
        RollingFileSink s = sink(Map.of("sink.serializer", "header_and_text"), new SinkCounter("k"),
                new AtomicLong(1));
        SimpleTestChannel ch = new SimpleTestChannel();
        s.start(ch);
        put(ch, "one", "two");
        ch.putAll(List.of(Event.ofString("bare")));
        drainAll(s);
        s.stop();
        assertThat(readLines(dir.resolve("out"))).containsExactly("{k=ONE} one", "{k=TWO} two", "{} bare");
    }

    @Test
    void textWithoutNewlineConcatenatesBodies() throws Exception {
        RollingFileSink s = sink(Map.of("sink.serializer", "org.apache.flume.serialization.BodyTextEventSerializer$Builder",
                "sink.serializer.appendNewline", "false"), new SinkCounter("k"), new AtomicLong(1));
        SimpleTestChannel ch = new SimpleTestChannel();
        s.start(ch);
        put(ch, "ab", "cd");
        drainAll(s);
        s.stop();
        assertThat(Files.readString(files(dir.resolve("out")).get(0))).isEqualTo("abcd");
    }

    @Test
    void pathManagerPrefixExtensionAndRollTime() throws Exception {
        RollingFileSink s = sink(Map.of("sink.pathManager", "ROLLTIME", "sink.pathManager.prefix", "ev-",
                "sink.pathManager.extension", "log"), new SinkCounter("k"), new AtomicLong(1_700_000_000_000L));
        SimpleTestChannel ch = new SimpleTestChannel();
        s.start(ch);
        put(ch, "a");
        drainAll(s);
        String name = s.currentFile().getFileName().toString();
        s.stop();
        assertThat(name).matches("ev-\\d{14}-1\\.log");
        RollingFileSink d = sink(Map.of("sink.pathManager.extension", "txt"), new SinkCounter("k"),
                new AtomicLong(42));
        d.start(ch);
        put(ch, "b");
        drainAll(d);
        assertThat(d.currentFile().getFileName().toString()).isEqualTo("42-1.txt");
        d.stop();
    }

    @Test
    void existingFilesAreNeverOverwritten() throws Exception {
        Path out = Files.createDirectories(dir.resolve("out"));
        Files.writeString(out.resolve("7-1"), "old\n");
        RollingFileSink s = sink(Map.of(), new SinkCounter("k"), new AtomicLong(7));
        SimpleTestChannel ch = new SimpleTestChannel();
        s.start(ch);
        put(ch, "new");
        drainAll(s);
        s.stop();
        assertThat(Files.readString(out.resolve("7-1"))).isEqualTo("old\n");
        assertThat(Files.readString(out.resolve("7-2"))).isEqualTo("new\n");
    }

    @Test
    void failedWriteRollsBackAndCutsThePartialBatch() throws Exception {
        SinkCounter c = new SinkCounter("k");
        RollingFileSink s = sink(Map.of(), c, new AtomicLong(1));
        SimpleTestChannel ch = new SimpleTestChannel();
        s.start(ch);
        put(ch, "good1", "good2");
        drainAll(s);
        put(ch, "retry1", "retry2");
        failWrites.set(true);
        assertThatThrownBy(s::process).isInstanceOf(EventDeliveryException.class)
                .hasRootCauseMessage("disk on fire");
        assertThat(ch.bodies()).containsExactly("retry1", "retry2");
        assertThat(c.get(SinkCounter.EVENT_WRITE_FAIL)).isEqualTo(1);
        assertThat(s.currentFile()).isNull();
        failWrites.set(false);
        drainAll(s);
        s.stop();
        List<Path> all = files(dir.resolve("out"));
        assertThat(all).hasSize(2);
        assertThat(Files.readAllLines(all.get(0))).as("partial batch cut away").containsExactly("good1", "good2");
        assertThat(readLines(dir.resolve("out"))).containsExactly("good1", "good2", "retry1", "retry2");
    }

    @Test
    void missingDirectoryIsCreatedAndAFileInTheWayIsAClearError() throws Exception {
        RollingFileSink s = sink(Map.of("sink.directory", dir.resolve("a/b/c").toString()), new SinkCounter("k"),
                new AtomicLong(1));
        s.start(new SimpleTestChannel());
        assertThat(dir.resolve("a/b/c")).isDirectory();
        s.stop();
        Path blocker = Files.writeString(dir.resolve("blocker"), "x");
        RollingFileSink bad = sink(Map.of("sink.directory", blocker.resolve("sub").toString()), new SinkCounter("k"),
                new AtomicLong(1));
        assertThatThrownBy(() -> bad.start(new SimpleTestChannel())).hasMessageContaining("sink.directory")
                .hasMessageContaining(blocker.resolve("sub").toString());
    }

    @Test
    void aBatchAfterStopStaysInTheChannel() throws Exception {
        RollingFileSink s = sink(Map.of(), new SinkCounter("k"), new AtomicLong(1));
        SimpleTestChannel ch = new SimpleTestChannel();
        s.start(ch);
        put(ch, "a");
        drainAll(s);
        s.stop();
        put(ch, "late");
        assertThatThrownBy(s::process).isInstanceOf(EventDeliveryException.class);
        assertThat(ch.bodies()).containsExactly("late");
        assertThat(files(dir.resolve("out"))).hasSize(1);
        s.start(ch);
        drainAll(s);
        s.stop();
        assertThat(readLines(dir.resolve("out"))).containsExactly("a", "late");
    }

    @Test
    void configurationIsValidatedUpFront() {
        assertThatThrownBy(() -> Config.parse(RollingFileSink.CONFIG_DEF, Map.of()))
                .isInstanceOf(ConfigException.class).hasMessageContaining("sink.directory");
        assertThatThrownBy(() -> Config.parse(RollingFileSink.CONFIG_DEF,
                Map.of("sink.directory", "/tmp/x", "sink.serializer", "avro_event")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("sink.serializer")
                .hasMessageContaining("TEXT, HEADER_AND_TEXT");
        assertThatThrownBy(() -> Config.parse(RollingFileSink.CONFIG_DEF,
                Map.of("sink.directory", "/tmp/x", "sink.pathManager", "FANCY")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("sink.pathManager");
        Config d = Config.parse(RollingFileSink.CONFIG_DEF, Map.of("sink.directory", "/tmp/x"));
        assertThat(d.get(RollingFileSink.ROLL_INTERVAL)).isEqualTo(30L);
        assertThat(d.get(RollingFileSink.BATCH_SIZE)).isEqualTo(100);
        assertThat(d.get(RollingFileSink.SERIALIZER)).isEqualTo("TEXT");
        assertThat(d.get(RollingFileSink.APPEND_NEWLINE)).isTrue();
        assertThat(RollingFileSink.CONFIG_DEF.batchSizeKey()).isEqualTo("sink.batchSize");
    }
}
