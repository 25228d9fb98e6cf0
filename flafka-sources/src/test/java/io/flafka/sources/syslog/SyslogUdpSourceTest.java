package io.flafka.sources.syslog;

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
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

class SyslogUdpSourceTest extends SourceContractTest {
    private int produced;

    @Override
    protected ComponentProvider<?> provider() {
        return new SyslogSourceProviders.Udp();
    }

    @Override
    protected Map<String, String> config() {
        Map<String, String> m = new HashMap<>();
        m.put("host", "127.0.0.1");
        m.put("port", "0");
        return m;
    }

    @Override
    protected boolean hasDeliveryGuarantee() {
        return false;
    }

    @Override
    protected List<String> produce(Source source, int n) throws Exception {
        List<String> out = new ArrayList<>();
        try (DatagramSocket d = new DatagramSocket()) {
            for (int i = 0; i < n; i++) {
                String body = "udp-" + produced++;
                out.add(body);
                byte[] b = ("<13>Feb  5 17:32:18 host " + body + "\n").getBytes(StandardCharsets.UTF_8);
                d.send(new DatagramPacket(b, b.length, InetAddress.getLoopbackAddress(),
                        ((SyslogUdpSource) source).port()));
                // loopback UDP can drop a burst; pacing keeps this test about the source, not the kernel
                Thread.sleep(2);
            }
        }
        return out;
    }

    @Test
    void datagramsWithHeadersAndCuts() throws Exception {
        Map<String, String> raw = config();
        raw.put("eventSize", "50");
        raw.put("clientIPHeader", "ip");
        raw.put("clientHostnameHeader", "peer");
        raw.put("keepFields", "hostname");
        CollectingChannelProcessor p = new CollectingChannelProcessor();
        SyslogUdpSource s = (SyslogUdpSource) provider().create(new ComponentContext("a1", "r1", ComponentKind.SOURCE,
                Config.parse(provider().configDef(), raw), new SourceCounter("r1")));
        s.start(p);
        try (DatagramSocket d = new DatagramSocket()) {
            for (String m : new String[] {"<34>1 2003-10-11T22:14:15.003Z h1 app - - - hi", "not syslog",
                "<13>Feb  5 17:32:18 h2 " + "y".repeat(60)}) {
                byte[] b = m.getBytes(StandardCharsets.UTF_8);
                d.send(new DatagramPacket(b, b.length, InetAddress.getLoopbackAddress(), s.port()));
                Thread.sleep(5);
            }
            Awaitility.await().atMost(PATIENCE).until(() -> p.count() >= 3);
        } finally {
            s.stop();
        }
        List<Event> ev = p.events();
        assertThat(ev.get(0).bodyAsString()).isEqualTo("h1 app - - - hi");
        assertThat(ev.get(0).header("ip")).isEqualTo("127.0.0.1");
        assertThat(ev.get(0).header("peer")).isNotBlank();
        assertThat(ev.get(1).bodyAsString()).isEqualTo("not syslog");
        assertThat(ev.get(1).header("ip")).as("flagged messages carry the client headers too").isEqualTo("127.0.0.1");
        assertThat(ev.get(1).header("flume.syslog.status")).isEqualTo("Invalid");
        assertThat(ev.get(2).header("flume.syslog.status")).isEqualTo("Incomplete");
    }
}
