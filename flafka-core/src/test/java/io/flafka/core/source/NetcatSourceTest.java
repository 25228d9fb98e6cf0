package io.flafka.core.source;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.flafka.api.ComponentProvider;
import io.flafka.api.Event;
import io.flafka.api.Source;
import io.flafka.api.metrics.SourceCounter;
import io.flafka.testkit.CollectingChannelProcessor;
import io.flafka.testkit.SourceContractTest;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class NetcatSourceTest extends SourceContractTest {
    private static final String TOO_LONG_10 = "FAILED: Event exceeds the maximum length (10 chars, including newline)";

    private int sent;
    private final List<NetcatSource> extra = new ArrayList<>();

    @Override
    protected ComponentProvider<?> provider() {
        return new NetcatSourceProvider();
    }

    @Override
    protected Map<String, String> config() {
        return Map.of("bind", "127.0.0.1", "port", "0");
    }

    @Override
    protected List<String> produce(Source source, int n) throws Exception {
        List<String> acked = new ArrayList<>();
        try (LineClient client = new LineClient(((NetcatSource) source).localPort())) {
            List<String> lines = new ArrayList<>();
            StringBuilder text = new StringBuilder();
            for (int i = 0; i < n; i++) {
                String line = "line-" + sent++;
                lines.add(line);
                text.append(line).append('\n');
            }
            client.send(text.toString());
            for (String line : lines) {
                if (client.reply().equals("OK")) {
                    acked.add(line);
                }
            }
        }
        return acked;
    }

    @AfterEach
    void stopExtra() {
        extra.forEach(NetcatSource::stop);
    }

    private NetcatSource started(Map<String, String> overrides, CollectingChannelProcessor p, SourceCounter c)
            throws Exception {
        Map<String, String> raw = new HashMap<>(config());
        raw.putAll(overrides);
        NetcatSource s = (NetcatSource) provider().create(context(raw, c));
        extra.add(s);
        s.start(p);
        return s;
    }

    @Test
    void acknowledgesEachLineAfterItIsCommitted() throws Exception {
        CollectingChannelProcessor p = new CollectingChannelProcessor();
        SourceCounter c = new SourceCounter("r");
        NetcatSource s = started(Map.of(), p, c);
        try (LineClient client = new LineClient(s.localPort())) {
            client.send("alpha\nbeta\n");
            assertThat(client.replies(2)).containsExactly("OK", "OK");
            client.send("gamma\n");
            assertThat(client.reply()).isEqualTo("OK");
        }
        assertThat(p.bodies()).containsExactly("alpha", "beta", "gamma");
        assertThat(p.events()).allSatisfy(e -> assertThat(e.hasHeaders()).isFalse());
        assertThat(c.get(SourceCounter.EVENT_RECEIVED)).isEqualTo(3);
    }

    @Test
    void receivedLinesAreGroupedUpToBatchSize() throws Exception {
        CollectingChannelProcessor p = new CollectingChannelProcessor();
        NetcatSource s = started(Map.of("batchSize", "3"), p, new SourceCounter("r"));
        try (LineClient client = new LineClient(s.localPort())) {
            client.send("1\n2\n3\n4\n5\n6\n7\n");
            assertThat(client.replies(7)).containsOnly("OK");
        }
        assertThat(p.bodies()).containsExactly("1", "2", "3", "4", "5", "6", "7");
        assertThat(p.batches()).allSatisfy(b -> assertThat(b.size()).isBetween(1, 3));
    }

    @Test
    void oneReadFillsBatchesBeyondTheLineLimit() throws Exception {
        // the read buffer once held max-line-length chars, so every transaction carried one or two lines
        CollectingChannelProcessor p = new CollectingChannelProcessor();
        NetcatSource s = started(Map.of("batchSize", "50", "max-line-length", "10"), p, new SourceCounter("r"));
        StringBuilder lines = new StringBuilder();
        for (int i = 0; i < 100; i++) {
            lines.append(i % 10).append("abc\n");
        }
        try (LineClient client = new LineClient(s.localPort())) {
            client.send(lines.toString());
            assertThat(client.replies(100)).containsOnly("OK");
        }
        assertThat(p.count()).isEqualTo(100);
        assertThat(p.batches()).allSatisfy(b -> assertThat(b.size()).isLessThanOrEqualTo(50));
        assertThat(p.batches()).anySatisfy(b -> assertThat(b.size()).isGreaterThan(3));
    }

    @Test
    void defaultIsOneEventPerTransactionAsInFlume() throws Exception {
        CollectingChannelProcessor p = new CollectingChannelProcessor();
        NetcatSource s = started(Map.of(), p, new SourceCounter("r"));
        try (LineClient client = new LineClient(s.localPort())) {
            client.send("a\nb\nc\n");
            assertThat(client.replies(3)).containsOnly("OK");
        }
        assertThat(p.batches()).hasSize(3);
        assertThat(NetcatSource.CONFIG_DEF.batchSizeKey()).isEqualTo("batchSize");
    }

    @Test
    void overLongLineIsRefusedWholeAndCounted() throws Exception {
        CollectingChannelProcessor p = new CollectingChannelProcessor();
        SourceCounter c = new SourceCounter("r");
        NetcatSource s = started(Map.of("max-line-length", "10"), p, c);
        try (LineClient client = new LineClient(s.localPort())) {
            client.send("123456789\n");
            assertThat(client.reply()).as("9 chars + newline fit").isEqualTo("OK");
            client.send("1234567890\n");
            assertThat(client.reply()).isEqualTo(TOO_LONG_10);
            client.send("x".repeat(45) + "\nafter\n");
            assertThat(client.replies(2)).containsExactly(TOO_LONG_10, "OK");
        }
        assertThat(p.bodies()).containsExactly("123456789", "after");
        assertThat(c.get(SourceCounter.EVENT_READ_FAIL)).isEqualTo(2);
    }

    @Test
    void longLinesArrivingInPiecesAreReassembled() throws Exception {
        CollectingChannelProcessor p = new CollectingChannelProcessor();
        NetcatSource s = started(Map.of("max-line-length", "10"), p, new SourceCounter("r"));
        try (LineClient client = new LineClient(s.localPort())) {
            client.send("abc\nde");
            assertThat(client.reply()).isEqualTo("OK");
            client.send("fgh");
            client.send("ij\nk");
            assertThat(client.reply()).isEqualTo("OK");
            client.send("\n");
            assertThat(client.reply()).isEqualTo("OK");
        }
        assertThat(p.bodies()).containsExactly("abc", "defghij", "k");
    }

    @Test
    void fullOrFailingChannelIsAnsweredFailedNeverOk() throws Exception {
        CollectingChannelProcessor p = new CollectingChannelProcessor();
        NetcatSource s = started(Map.of(), p, new SourceCounter("r"));
        try (LineClient client = new LineClient(s.localPort())) {
            p.mode(CollectingChannelProcessor.Mode.FULL);
            client.send("one\ntwo\n");
            assertThat(client.replies(2)).allSatisfy(r -> assertThat(r).startsWith("FAILED: "));
            p.mode(CollectingChannelProcessor.Mode.FAIL);
            client.send("three\n");
            assertThat(client.reply()).startsWith("FAILED: ");
            p.mode(CollectingChannelProcessor.Mode.ACCEPT);
            client.send("one\n");
            assertThat(client.reply()).isEqualTo("OK");
        }
        assertThat(p.bodies()).containsExactly("one");
    }

    @Test
    void manyConcurrentClientsKeepTheirOrderAndAreCounted() throws Exception {
        CollectingChannelProcessor p = new CollectingChannelProcessor();
        SourceCounter c = new SourceCounter("r");
        NetcatSource s = started(Map.of(), p, c);
        int clients = 16;
        int lines = 50;
        ExecutorService pool = Executors.newFixedThreadPool(clients);
        try {
            List<LineClient> open = new ArrayList<>();
            for (int i = 0; i < clients; i++) {
                open.add(new LineClient(s.localPort()));
            }
            Awaitility.await().atMost(PATIENCE)
                    .until(() -> c.get(SourceCounter.OPEN_CONNECTIONS) == clients);
            List<Future<List<String>>> results = new ArrayList<>();
            for (int i = 0; i < clients; i++) {
                LineClient client = open.get(i);
                int id = i;
                results.add(pool.submit(() -> {
                    for (int k = 0; k < lines; k++) {
                        client.send("c" + id + "-" + k + "\n");
                    }
                    List<String> r = client.replies(lines);
                    client.close();
                    return r;
                }));
            }
            for (Future<List<String>> f : results) {
                assertThat(f.get(60, TimeUnit.SECONDS)).hasSize(lines).containsOnly("OK");
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(p.count()).isEqualTo(clients * lines);
        for (int i = 0; i < clients; i++) {
            String prefix = "c" + i + "-";
            List<String> mine = p.bodies().stream().filter(b -> b.startsWith(prefix)).toList();
            List<String> expected = new ArrayList<>();
            for (int k = 0; k < lines; k++) {
                expected.add(prefix + k);
            }
            assertThat(mine).containsExactlyElementsOf(expected);
        }
        Awaitility.await().atMost(PATIENCE).until(() -> c.get(SourceCounter.OPEN_CONNECTIONS) == 0);
    }

    @Test
    void withoutAcksOnlyFailuresAreAnswered() throws Exception {
        CollectingChannelProcessor p = new CollectingChannelProcessor();
        NetcatSource s = started(Map.of("ack-every-event", "false", "max-line-length", "10"), p,
                new SourceCounter("r"));
        try (LineClient client = new LineClient(s.localPort())) {
            client.send("a\nb\n" + "z".repeat(20) + "\n");
            assertThat(client.reply()).isEqualTo(TOO_LONG_10);
        }
        assertThat(p.bodies()).containsExactly("a", "b");
    }

    @Test
    void unterminatedLastLineBecomesAnEvent() throws Exception {
        CollectingChannelProcessor p = new CollectingChannelProcessor();
        NetcatSource s = started(Map.of(), p, new SourceCounter("r"));
        try (LineClient client = new LineClient(s.localPort())) {
            client.send("done\ntail");
            client.shutdownOutput();
            assertThat(client.replies(2)).containsExactly("OK", "OK");
        }
        assertThat(p.bodies()).containsExactly("done", "tail");
    }

    @Test
    void decodesAndReencodesWithTheConfiguredEncoding() throws Exception {
        CollectingChannelProcessor p = new CollectingChannelProcessor();
        NetcatSource s = started(Map.of("encoding", "ISO-8859-1", "max-line-length", "4"), p,
                new SourceCounter("r"));
        try (java.net.Socket raw = new java.net.Socket("127.0.0.1", s.localPort())) {
            raw.getOutputStream().write(new byte[] {(byte) 0xE9, (byte) 0xE8, (byte) 0xE0, '\n'});
            raw.getOutputStream().flush();
            byte[] reply = raw.getInputStream().readNBytes(3);
            assertThat(new String(reply, StandardCharsets.US_ASCII)).isEqualTo("OK\n");
        }
        Event e = p.events().get(0);
        assertThat(e.body()).containsExactly((byte) 0xE9, (byte) 0xE8, (byte) 0xE0);
    }

    @Test
    void lineLimitCountsCharactersNotBytesAndBodiesKeepTheBytesSent() throws Exception {
        CollectingChannelProcessor p = new CollectingChannelProcessor();
        NetcatSource s = started(Map.of("max-line-length", "4"), p, new SourceCounter("r"));
        try (LineClient client = new LineClient(s.localPort())) {
            // 3 characters in 6 bytes (two of them a surrogate pair) plus the newline: within 4 characters
            client.send("\u00e9\uD83D\uDE00\n");
            assertThat(client.reply()).isEqualTo("OK");
            client.send("\u00e9\u00e9\u00e9\u00e9\n");
            assertThat(client.reply()).startsWith("FAILED: Event exceeds the maximum length (4 chars");
        }
        assertThat(p.events().get(0).body()).isEqualTo("\u00e9\uD83D\uDE00".getBytes(StandardCharsets.UTF_8));
        assertThat(p.events()).hasSize(1);
    }

    @Test
    void anEncodingWhoseNewlineIsNotTheByte0x0AIsRefusedWithItsKey() {
        assertThat(CharsetValidator.INSTANCE.check("UTF-16")).contains("0x0A");
        assertThat(CharsetValidator.INSTANCE.check("UTF-32LE")).contains("0x0A");
        assertThat(CharsetValidator.INSTANCE.check("nope")).contains("not a character set");
        for (String ok : List.of("UTF-8", "US-ASCII", "ISO-8859-1", "windows-1252", "Shift_JIS", "GBK")) {
            assertThat(CharsetValidator.INSTANCE.check(ok)).as(ok).isNull();
        }
    }

    @Test
    void busyPortFailsStartWithAClearMessage() throws Exception {
        NetcatSource first = started(Map.of(), new CollectingChannelProcessor(), new SourceCounter("r"));
        Map<String, String> raw = new HashMap<>(config());
        raw.put("port", Integer.toString(first.localPort()));
        NetcatSource second = (NetcatSource) provider().create(context(raw, new SourceCounter("r2")));
        extra.add(second);
        assertThatThrownBy(() -> second.start(new CollectingChannelProcessor()))
                .hasMessageContaining("cannot listen on 127.0.0.1:" + first.localPort());
    }

    @Test
    void stopClosesOpenConnections() throws Exception {
        CollectingChannelProcessor p = new CollectingChannelProcessor();
        SourceCounter c = new SourceCounter("r");
        NetcatSource s = started(Map.of(), p, c);
        try (LineClient client = new LineClient(s.localPort())) {
            client.send("x\n");
            assertThat(client.reply()).isEqualTo("OK");
            s.stop();
            assertThatThrownBy(client::reply).isInstanceOf(java.io.IOException.class);
        }
        assertThat(c.get(SourceCounter.OPEN_CONNECTIONS)).isZero();
    }
}
