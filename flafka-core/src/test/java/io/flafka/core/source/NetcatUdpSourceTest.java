package io.flafka.core.source;

import static org.assertj.core.api.Assertions.assertThat;

import io.flafka.api.ComponentProvider;
import io.flafka.api.Source;
import io.flafka.api.metrics.SourceCounter;
import io.flafka.testkit.CollectingChannelProcessor;
import io.flafka.testkit.SourceContractTest;
import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class NetcatUdpSourceTest extends SourceContractTest {
    private int sent;
    private final List<NetcatUdpSource> extra = new ArrayList<>();

    @Override
    protected ComponentProvider<?> provider() {
        return new NetcatUdpSourceProvider();
    }

    @Override
    protected Map<String, String> config() {
        return Map.of("bind", "127.0.0.1", "port", "0");
    }

    @Override
    protected boolean hasDeliveryGuarantee() {
        return false;
    }

    /** Sends the lines five per datagram; UDP acknowledges nothing, so all sent lines are returned. */
    @Override
    protected List<String> produce(Source source, int n) throws Exception {
        List<String> lines = new ArrayList<>();
        StringBuilder datagram = new StringBuilder();
        int port = ((NetcatUdpSource) source).localPort();
        for (int i = 0; i < n; i++) {
            String line = "udp-" + sent++;
            lines.add(line);
            datagram.append(line).append('\n');
            if ((i + 1) % 5 == 0 || i == n - 1) {
                send(port, datagram.toString());
                datagram.setLength(0);
            }
        }
        return lines;
    }

    private static void send(int port, String text) throws IOException {
        byte[] data = text.getBytes(StandardCharsets.UTF_8);
        try (DatagramSocket client = new DatagramSocket()) {
            client.send(new DatagramPacket(data, data.length, new InetSocketAddress("127.0.0.1", port)));
        }
    }

    @AfterEach
    void stopExtra() {
        extra.forEach(NetcatUdpSource::stop);
    }

    private NetcatUdpSource started(Map<String, String> overrides, CollectingChannelProcessor p, SourceCounter c) {
        Map<String, String> raw = new HashMap<>(config());
        raw.putAll(overrides);
        NetcatUdpSource s;
        try {
            s = (NetcatUdpSource) provider().create(context(raw, c));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
        extra.add(s);
        s.start(p);
        return s;
    }

    @Test
    void eachLineOfADatagramIsAnEventOfOneBatch() throws Exception {
        CollectingChannelProcessor p = new CollectingChannelProcessor();
        SourceCounter c = new SourceCounter("r");
        NetcatUdpSource s = started(Map.of("batchSize", "10"), p, c);
        send(s.localPort(), "a\nb\n\nc");
        Awaitility.await().atMost(PATIENCE).until(() -> p.count() == 4);
        assertThat(p.batches()).hasSize(1);
        assertThat(p.bodies()).containsExactly("a", "b", "", "c");
        assertThat(p.events()).allSatisfy(e -> assertThat(e.hasHeaders()).isFalse());
        assertThat(c.get(SourceCounter.EVENT_RECEIVED)).isEqualTo(4);
    }

    @Test
    void linesAreBatchedUpToBatchSize() throws Exception {
        CollectingChannelProcessor p = new CollectingChannelProcessor();
        NetcatUdpSource s = started(Map.of("batchSize", "2"), p, new SourceCounter("r"));
        send(s.localPort(), "1\n2\n3\n4\n5\n");
        Awaitility.await().atMost(PATIENCE).until(() -> p.count() == 5);
        assertThat(p.batches()).extracting(List::size).containsExactly(2, 2, 1);
        assertThat(p.bodies()).containsExactly("1", "2", "3", "4", "5");
    }

    @Test
    void remoteAddressHeaderCarriesTheSender() throws Exception {
        CollectingChannelProcessor p = new CollectingChannelProcessor();
        NetcatUdpSource s = started(Map.of("remoteAddressHeader", "remote"), p, new SourceCounter("r"));
        send(s.localPort(), "hello\n");
        Awaitility.await().atMost(PATIENCE).until(() -> p.count() == 1);
        assertThat(p.events().get(0).header("remote")).isEqualTo("127.0.0.1");
        assertThat(p.bodies()).containsExactly("hello");
    }

    @Test
    void refusedDatagramIsLostButTheSourceCarriesOn() throws Exception {
        CollectingChannelProcessor p = new CollectingChannelProcessor();
        NetcatUdpSource s = started(Map.of(), p, new SourceCounter("r"));
        p.refuseNext(1, CollectingChannelProcessor.Mode.FULL);
        send(s.localPort(), "lost\n");
        Awaitility.await().atMost(PATIENCE).until(() -> p.refused() == 1);
        send(s.localPort(), "kept\n");
        Awaitility.await().atMost(PATIENCE).until(() -> p.count() == 1);
        assertThat(p.bodies()).containsExactly("kept");
    }
}
