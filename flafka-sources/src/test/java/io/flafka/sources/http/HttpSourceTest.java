package io.flafka.sources.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.flafka.api.ComponentContext;
import io.flafka.api.ComponentKind;
import io.flafka.api.ComponentProvider;
import io.flafka.api.Source;
import io.flafka.api.config.Config;
import io.flafka.api.config.ConfigException;
import io.flafka.api.metrics.SourceCounter;
import io.flafka.testkit.CollectingChannelProcessor;
import io.flafka.testkit.SourceContractTest;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HttpSourceTest extends SourceContractTest {
    private static final HttpClient CLIENT = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    @TempDir
    Path dir;
    private int produced;

    @Override
    protected ComponentProvider<?> provider() {
        return new HttpSourceProvider();
    }

    @Override
    protected Map<String, String> config() {
        return base();
    }

    private static Map<String, String> base() {
        Map<String, String> m = new HashMap<>();
        m.put("bind", "127.0.0.1");
        m.put("port", "0");
        return m;
    }

    @Override
    protected List<String> produce(Source source, int n) throws Exception {
        List<String> acked = new ArrayList<>();
        int port = ((HttpSource) source).port();
        for (int start = 0; start < n; start += 5) {
            List<String> bodies = new ArrayList<>();
            StringBuilder json = new StringBuilder("[");
            for (int i = start; i < Math.min(n, start + 5); i++) {
                String body = "ev-" + produced++;
                bodies.add(body);
                json.append(json.length() > 1 ? "," : "").append("{\"headers\":{\"n\":\"").append(i)
                        .append("\"},\"body\":\"").append(body).append("\"}");
            }
            json.append(']');
            if (post(port, json.toString(), Map.of()).statusCode() == 200) {
                acked.addAll(bodies);
            }
        }
        return acked;
    }

    private static HttpResponse<String> post(int port, String body, Map<String, String> headers) throws Exception {
        return send("http", port, "/", HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8), headers,
                CLIENT);
    }

    private static HttpResponse<String> send(String scheme, int port, String path, HttpRequest.BodyPublisher body,
                                             Map<String, String> headers, HttpClient client) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(scheme + "://127.0.0.1:" + port + path))
                .timeout(Duration.ofSeconds(30)).POST(body);
        headers.forEach(b::header);
        return client.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpSource started(Map<String, String> raw, CollectingChannelProcessor p) throws Exception {
        HttpSource s = (HttpSource) new HttpSourceProvider().create(new ComponentContext("a1", "r1",
                ComponentKind.SOURCE, Config.parse(HttpSource.CONFIG_DEF, raw), new SourceCounter("r1")));
        s.start(p);
        return s;
    }

    @Test
    void goodBadAndOversizedRequests() throws Exception {
        Map<String, String> raw = base();
        raw.put("maxRequestBytes", "1000");
        raw.put("QueuedThreadPool.maxThreads", "50");
        CollectingChannelProcessor p = new CollectingChannelProcessor();
        HttpSource s = started(raw, p);
        try {
            HttpResponse<String> ok = post(s.port(), "[{\"headers\":{\"a\":\"b\",\"n\":1},\"body\":\"hi\"},{\"body\":\"x\"}]",
                    Map.of("Content-Type", "application/json"));
            assertThat(ok.statusCode()).isEqualTo(200);
            assertThat(p.bodies()).containsExactly("hi", "x");
            assertThat(p.events().get(0).headers()).containsEntry("a", "b").containsEntry("n", "1");

            HttpResponse<String> notArray = post(s.port(), "{\"body\":\"x\"}", Map.of());
            assertThat(notArray.statusCode()).isEqualTo(400);
            assertThat(notArray.body()).contains("JSON array");
            HttpResponse<String> broken = post(s.port(), "[{\"body\":", Map.of());
            assertThat(broken.statusCode()).isEqualTo(400);
            assertThat(broken.body()).contains("not valid JSON");
            HttpResponse<String> nested = post(s.port(), "[{\"headers\":{\"a\":{}},\"body\":\"x\"}]", Map.of());
            assertThat(nested.statusCode()).isEqualTo(400);

            HttpResponse<String> big = post(s.port(), "[{\"body\":\"" + "x".repeat(5000) + "\"}]", Map.of());
            assertThat(big.statusCode()).isEqualTo(413);

            HttpResponse<String> get = CLIENT.send(HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + s.port() + "/")).GET().build(), HttpResponse.BodyHandlers.ofString());
            assertThat(get.statusCode()).isEqualTo(405);
            assertThat(p.count()).isEqualTo(2);
        } finally {
            s.stop();
        }
    }

    @Test
    void aChunkedBodyOverTheLimitIsRefusedWhileItIsRead() throws Exception {
        Map<String, String> raw = base();
        raw.put("maxRequestBytes", "1000");
        CollectingChannelProcessor p = new CollectingChannelProcessor();
        HttpSource s = started(raw, p);
        try {
            // no Content-Length: the limit is enforced on the bytes read
            byte[] big = ("[{\"body\":\"" + "y".repeat(5000) + "\"}]").getBytes(StandardCharsets.UTF_8);
            HttpResponse<String> r = send("http", s.port(), "/", HttpRequest.BodyPublishers.ofInputStream(
                    () -> new java.io.ByteArrayInputStream(big)), Map.of(), CLIENT);
            assertThat(r.statusCode()).isEqualTo(413);
            byte[] small = "[{\"body\":\"fits\"}]".getBytes(StandardCharsets.UTF_8);
            HttpResponse<String> ok = send("http", s.port(), "/", HttpRequest.BodyPublishers.ofInputStream(
                    () -> new java.io.ByteArrayInputStream(small)), Map.of(), CLIENT);
            assertThat(ok.statusCode()).isEqualTo(200);
            assertThat(p.bodies()).containsExactly("fits");
        } finally {
            s.stop();
        }
    }

    @Test
    void utf16BodiesKeepTheirCharset() throws Exception {
        CollectingChannelProcessor p = new CollectingChannelProcessor();
        HttpSource s = started(base(), p);
        try {
            HttpResponse<String> r = send("http", s.port(), "/", HttpRequest.BodyPublishers.ofByteArray(
                    "[{\"body\":\"caf\u00e9\"}]".getBytes(StandardCharsets.UTF_16)),
                    Map.of("Content-Type", "application/json; charset=UTF-16"), CLIENT);
            assertThat(r.statusCode()).isEqualTo(200);
            assertThat(new String(p.events().get(0).body(), StandardCharsets.UTF_16)).isEqualTo("caf\u00e9");
        } finally {
            s.stop();
        }
    }

    @Test
    void fullOrFailedChannelsAnswer503() throws Exception {
        CollectingChannelProcessor p = new CollectingChannelProcessor();
        HttpSource s = started(base(), p);
        try {
            p.mode(CollectingChannelProcessor.Mode.FULL);
            assertThat(post(s.port(), "[{\"body\":\"a\"}]", Map.of()).statusCode()).isEqualTo(503);
            p.mode(CollectingChannelProcessor.Mode.FAIL);
            assertThat(post(s.port(), "[{\"body\":\"a\"}]", Map.of()).statusCode()).isEqualTo(503);
            p.mode(CollectingChannelProcessor.Mode.ACCEPT);
            assertThat(post(s.port(), "[{\"body\":\"a\"}]", Map.of()).statusCode()).isEqualTo(200);
            assertThat(p.bodies()).containsExactly("a");
        } finally {
            s.stop();
        }
    }

    @Test
    void bearerAndBasicAuthentication() throws Exception {
        Map<String, String> raw = base();
        raw.put("auth.type", "bearer");
        raw.put("auth.token", "s3cret");
        CollectingChannelProcessor p = new CollectingChannelProcessor();
        HttpSource s = started(raw, p);
        try {
            HttpResponse<String> none = post(s.port(), "[{\"body\":\"a\"}]", Map.of());
            assertThat(none.statusCode()).isEqualTo(401);
            assertThat(none.headers().firstValue("WWW-Authenticate")).hasValue("Bearer");
            assertThat(post(s.port(), "[{\"body\":\"a\"}]", Map.of("Authorization", "Bearer nope")).statusCode())
                    .isEqualTo(401);
            assertThat(post(s.port(), "[{\"body\":\"a\"}]", Map.of("Authorization", "Bearer s3cret")).statusCode())
                    .isEqualTo(200);
        } finally {
            s.stop();
        }
        raw.put("auth.type", "basic");
        raw.put("auth.username", "u");
        raw.put("auth.password", "pw");
        HttpSource basic = started(raw, p);
        try {
            String good = "Basic " + Base64.getEncoder().encodeToString("u:pw".getBytes(StandardCharsets.UTF_8));
            String bad = "Basic " + Base64.getEncoder().encodeToString("u:no".getBytes(StandardCharsets.UTF_8));
            assertThat(post(basic.port(), "[{\"body\":\"b\"}]", Map.of("Authorization", bad)).statusCode())
                    .isEqualTo(401);
            assertThat(post(basic.port(), "[{\"body\":\"b\"}]", Map.of("Authorization", good)).statusCode())
                    .isEqualTo(200);
        } finally {
            basic.stop();
        }
        assertThat(p.bodies()).containsExactly("a", "b");
        assertThat(Config.parse(HttpSource.CONFIG_DEF, raw).toString()).doesNotContain("pw").doesNotContain("s3cret");
    }

    @Test
    void authWithoutSecretIsAConfigError() {
        Map<String, String> raw = base();
        raw.put("auth.type", "bearer");
        assertThatThrownBy(() -> started(raw, new CollectingChannelProcessor())).isInstanceOf(ConfigException.class)
                .hasMessageContaining("auth.token");
    }

    @Test
    void blobHandlerTakesTheWholeBodyAndQueryHeaders() throws Exception {
        Map<String, String> raw = base();
        raw.put("handler", "org.apache.flume.sink.solr.morphline.BlobHandler");
        raw.put("handler.maxBlobLength", "10");
        CollectingChannelProcessor p = new CollectingChannelProcessor();
        HttpSource s = started(raw, p);
        try {
            HttpResponse<String> r = send("http", s.port(), "/?host=web%201&k=v",
                    HttpRequest.BodyPublishers.ofString("raw body"), Map.of(), CLIENT);
            assertThat(r.statusCode()).isEqualTo(200);
            assertThat(p.bodies()).containsExactly("raw body");
            assertThat(p.events().get(0).headers()).containsEntry("host", "web 1").containsEntry("k", "v");
            assertThat(send("http", s.port(), "/", HttpRequest.BodyPublishers.ofString("01234567890"), Map.of(),
                    CLIENT).statusCode()).isEqualTo(413);
        } finally {
            s.stop();
        }
    }

    @Test
    void httpsWithAGeneratedKeystore() throws Exception {
        Path ks = dir.resolve("server.p12");
        Process keytool = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "keytool").toString(),
                "-genkeypair", "-alias", "server", "-keyalg", "EC", "-groupname", "secp256r1", "-validity", "2",
                "-dname", "CN=127.0.0.1", "-ext", "SAN=ip:127.0.0.1", "-storetype", "PKCS12", "-keystore",
                ks.toString(), "-storepass", "changeit", "-keypass", "changeit").redirectErrorStream(true).start();
        keytool.getInputStream().transferTo(java.io.OutputStream.nullOutputStream());
        assertThat(keytool.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(keytool.exitValue()).isZero();
        Map<String, String> raw = base();
        raw.put("ssl", "true");
        raw.put("keystore", ks.toString());
        raw.put("keystore-password", "changeit");
        raw.put("keystore-type", "PKCS12");
        raw.put("exclude-protocols", "SSLv3 TLSv1 TLSv1.1");
        raw.put("include-protocols", "TLSv1.3");
        CollectingChannelProcessor p = new CollectingChannelProcessor();
        HttpSource s = started(raw, p);
        try {
            KeyStore trust = KeyStore.getInstance("PKCS12");
            try (InputStream in = Files.newInputStream(ks)) {
                trust.load(in, "changeit".toCharArray());
            }
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(trust);
            SSLContext ctx = SSLContext.getInstance("TLS");
            ctx.init(null, tmf.getTrustManagers(), null);
            HttpClient tlsClient = HttpClient.newBuilder().sslContext(ctx).connectTimeout(Duration.ofSeconds(10))
                    .build();
            HttpResponse<String> r = send("https", s.port(), "/", HttpRequest.BodyPublishers.ofString(
                    "[{\"body\":\"secure\"}]"), Map.of(), tlsClient);
            assertThat(r.statusCode()).isEqualTo(200);
            assertThat(p.bodies()).containsExactly("secure");
            // include-protocols = TLSv1.3: a client that only speaks TLSv1.2 is refused in the handshake
            HttpClient tls12 = HttpClient.newBuilder().sslContext(ctx)
                    .sslParameters(new javax.net.ssl.SSLParameters(null, new String[] {"TLSv1.2"}))
                    .connectTimeout(Duration.ofSeconds(10)).build();
            assertThatThrownBy(() -> send("https", s.port(), "/", HttpRequest.BodyPublishers.ofString(
                    "[{\"body\":\"old\"}]"), Map.of(), tls12)).isInstanceOf(java.io.IOException.class);
            // and a plain-HTTP client gets no answer from the TLS port
            assertThatThrownBy(() -> post(s.port(), "[{\"body\":\"plain\"}]", Map.of()))
                    .isInstanceOf(java.io.IOException.class);
            assertThat(p.bodies()).containsExactly("secure");
        } finally {
            s.stop();
        }
    }
}
