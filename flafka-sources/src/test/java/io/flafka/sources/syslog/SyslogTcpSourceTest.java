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
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManagerFactory;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.io.TempDir;

class SyslogTcpSourceTest extends SourceContractTest {
    @TempDir
    Path dir;
    private int produced;
    private Socket client;

    @Override
    protected ComponentProvider<?> provider() {
        return new SyslogSourceProviders.Tcp();
    }

    @Override
    protected Map<String, String> config() {
        Map<String, String> m = new HashMap<>();
        m.put("host", "127.0.0.1");
        m.put("port", "0");
        m.put("batchSize", "10");
        return m;
    }

    @Override
    protected List<String> produce(Source source, int n) throws Exception {
        if (client == null) {
            client = new Socket("127.0.0.1", ((SyslogTcpSource) source).ports().get(0));
        }
        List<String> out = new ArrayList<>();
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < n; i++) {
            String body = "msg-" + produced++;
            out.add(body);
            sb.append("<13>Feb  5 17:32:18 host ").append(body).append('\n');
        }
        client.getOutputStream().write(sb.toString().getBytes(StandardCharsets.UTF_8));
        client.getOutputStream().flush();
        return out;
    }

    private static SyslogTcpSource started(ComponentProvider<?> provider, Map<String, String> raw,
                                           CollectingChannelProcessor p) throws Exception {
        SyslogTcpSource s = (SyslogTcpSource) provider.create(new ComponentContext("a1", "r1", ComponentKind.SOURCE,
                Config.parse(provider.configDef(), raw), new SourceCounter("r1")));
        s.start(p);
        return s;
    }

    @Test
    void octetCountedAndNewlineFramesWithCutsAndClientHeaders() throws Exception {
        Map<String, String> raw = config();
        raw.put("eventSize", "60");
        raw.put("clientIPHeader", "ip");
        raw.put("clientHostnameHeader", "peer");
        CollectingChannelProcessor p = new CollectingChannelProcessor();
        SyslogTcpSource s = started(new SyslogSourceProviders.Tcp(), raw, p);
        try (Socket c = new Socket("127.0.0.1", s.ports().get(0))) {
            String m1 = "<34>1 2003-10-11T22:14:15.003Z host1 app - - - hello";
            String m2 = "<13>Feb  5 17:32:18 host2 with\nnewline";
            String framed = m1.length() + " " + m1 + m2.length() + " " + m2
                    + "<13>Feb  5 17:32:18 host3 plain\r\n"
                    + "garbage line\n"
                    + "<13>" + "x".repeat(70) + "\n";
            c.getOutputStream().write(framed.getBytes(StandardCharsets.UTF_8));
            c.getOutputStream().flush();
            Awaitility.await().atMost(PATIENCE).until(() -> p.count() >= 6);
        } finally {
            s.stop();
        }
        List<Event> ev = p.events();
        assertThat(ev.get(0).bodyAsString()).isEqualTo("app - - - hello");
        assertThat(ev.get(0).header("host")).isEqualTo("host1");
        assertThat(ev.get(1).bodyAsString()).isEqualTo("with\nnewline");
        assertThat(ev.get(2).bodyAsString()).isEqualTo("plain");
        assertThat(ev.get(3).header("flume.syslog.status")).isEqualTo("Invalid");
        assertThat(ev.get(4).header("flume.syslog.status")).isEqualTo("Incomplete");
        assertThat(ev.get(4).body()).hasSize(56);
        assertThat(ev.get(5).header("flume.syslog.status")).as("the rest of a cut message").isEqualTo("Invalid");
        assertThat(ev.get(5).bodyAsString()).isEqualTo("x".repeat(14));
        assertThat(ev.get(0).header("ip")).isEqualTo("127.0.0.1");
        assertThat(ev.get(0).header("peer")).isNotBlank();
    }

    @Test
    void multiportWithPortHeaderAndPerPortCharset() throws Exception {
        Map<String, String> raw = new HashMap<>();
        raw.put("host", "127.0.0.1");
        try (java.net.ServerSocket a = new java.net.ServerSocket(0); java.net.ServerSocket b =
                new java.net.ServerSocket(0)) {
            raw.put("ports", a.getLocalPort() + " " + b.getLocalPort());
            raw.put("charset.port." + b.getLocalPort(), "ISO-8859-1");
        }
        raw.put("portHeader", "port");
        raw.put("numProcessors", "4");
        CollectingChannelProcessor p = new CollectingChannelProcessor();
        SyslogTcpSource s = started(new SyslogSourceProviders.Multiport(), raw, p);
        List<Integer> ports = s.ports();
        try (Socket c1 = new Socket("127.0.0.1", ports.get(0)); Socket c2 = new Socket("127.0.0.1", ports.get(1))) {
            c1.getOutputStream().write("<13>Feb  5 17:32:18 h caf\u00e9\n".getBytes(StandardCharsets.UTF_8));
            c2.getOutputStream().write("<13>Feb  5 17:32:18 h caf\u00e9\n".getBytes(StandardCharsets.ISO_8859_1));
            Awaitility.await().atMost(PATIENCE).until(() -> p.count() >= 2);
        } finally {
            s.stop();
        }
        for (Event e : p.events()) {
            int port = Integer.parseInt(e.header("port"));
            String text = new String(e.body(), port == ports.get(0) ? StandardCharsets.UTF_8
                    : StandardCharsets.ISO_8859_1);
            assertThat(text).isEqualTo("caf\u00e9");
        }
    }

    @ParameterizedTest(name = "multiport={0}")
    @ValueSource(booleans = {false, true})
    void tls(boolean multiport) throws Exception {
        Path ks = dir.resolve("server.p12");
        Process keytool = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "keytool").toString(),
                "-genkeypair", "-alias", "server", "-keyalg", "EC", "-groupname", "secp256r1", "-validity", "2",
                "-dname", "CN=127.0.0.1", "-storetype", "PKCS12", "-keystore", ks.toString(), "-storepass", "changeit",
                "-keypass", "changeit").redirectErrorStream(true).start();
        keytool.getInputStream().transferTo(OutputStream.nullOutputStream());
        assertThat(keytool.waitFor(60, TimeUnit.SECONDS)).isTrue();
        Map<String, String> raw = config();
        if (multiport) {
            raw.remove("port");
            try (java.net.ServerSocket free = new java.net.ServerSocket(0)) {
                raw.put("ports", Integer.toString(free.getLocalPort()));
            }
        }
        raw.put("ssl", "true");
        raw.put("keystore", ks.toString());
        raw.put("keystore-password", "changeit");
        raw.put("keystore-type", "PKCS12");
        raw.put("clientIPHeader", "ip");
        CollectingChannelProcessor p = new CollectingChannelProcessor();
        SyslogTcpSource s = started(multiport ? new SyslogSourceProviders.Multiport() : new SyslogSourceProviders.Tcp(),
                raw, p);
        try {
            KeyStore trust = KeyStore.getInstance("PKCS12");
            try (InputStream in = Files.newInputStream(ks)) {
                trust.load(in, "changeit".toCharArray());
            }
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(trust);
            SSLContext ctx = SSLContext.getInstance("TLS");
            ctx.init(null, tmf.getTrustManagers(), null);
            try (SSLSocket c = (SSLSocket) ctx.getSocketFactory().createSocket("127.0.0.1", s.ports().get(0))) {
                c.getOutputStream().write("<13>Feb  5 17:32:18 h secret\n".getBytes(StandardCharsets.UTF_8));
                c.getOutputStream().flush();
                Awaitility.await().atMost(PATIENCE).until(() -> p.count() >= 1);
            }
        } finally {
            s.stop();
        }
        assertThat(p.bodies()).containsExactly("secret");
        assertThat(p.events().get(0).header("ip")).isEqualTo("127.0.0.1");
        assertThat(p.events().get(0).header("Severity")).isEqualTo("5");
    }
}
