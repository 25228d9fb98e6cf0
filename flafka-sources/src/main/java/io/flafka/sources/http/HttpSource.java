package io.flafka.sources.http;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsServer;
import io.flafka.api.ChannelException;
import io.flafka.api.ChannelProcessor;
import io.flafka.api.Event;
import io.flafka.api.EventDrivenSource;
import io.flafka.api.config.ConfigDef;
import io.flafka.api.config.ConfigKey;
import io.flafka.api.config.Validators;
import io.flafka.api.metrics.SourceCounter;
import io.flafka.sources.support.NamedThreads;
import io.flafka.sources.support.TlsKeys;
import io.flafka.sources.support.TlsSettings;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Accepts events over HTTP(S) (Flume's {@code http}), served by the JDK's own HTTP server. Each
 * POST or PUT is decoded by the handler (JSON or blob) and delivered in one channel transaction; the
 * answer says what happened: 200 committed, 400 malformed body (with the reason), 401 missing or
 * wrong credentials, 405 other methods, 413 body over {@code maxRequestBytes} (or the blob limit),
 * 503 channel full or failed. A client that retries everything not answered 200 loses nothing.
 *
 * <p>Threading: the server's dispatcher thread accepts connections; requests run on a pool of
 * {@code http-<name>-<n>} threads, which call the processor. {@link #stop()} closes the listener and
 * interrupts the pool (unblocking threads waiting in the processor, whose requests get 503), then
 * waits for it.
 */
public final class HttpSource implements EventDrivenSource {
    private static final Logger LOG = LoggerFactory.getLogger(HttpSource.class);
    static final String JSON_HANDLER = "org.apache.flume.source.http.JSONHandler";
    static final String BLOB_HANDLER = "org.apache.flume.sink.solr.morphline.BlobHandler";
    private static final int THREADS = 16;

    public static final ConfigKey<String> BIND = ConfigKey.stringKey("bind").defaultValue("0.0.0.0")
            .validator(Validators.nonBlank()).doc("Host name or IP address to listen on.").build();
    public static final ConfigKey<Integer> PORT = ConfigKey.intKey("port").required()
            .validator(Validators.between(0, 65535)).doc("Port to listen on (0 picks a free port).").build();
    public static final ConfigKey<String> HANDLER = ConfigKey.stringKey("handler").defaultValue(JSON_HANDLER)
            .validator(Validators.oneOf(JSON_HANDLER, "JSON", BLOB_HANDLER, "BLOB"))
            .doc("How a request becomes events: " + JSON_HANDLER + " (a JSON array of {headers, body}) or "
                    + BLOB_HANDLER + " (the body is one event, query parameters its headers).").build();
    public static final ConfigKey<Long> MAX_BLOB_LENGTH = ConfigKey.longKey("handler.maxBlobLength")
            .defaultValue(100_000_000L).validator(Validators.atLeast(1))
            .doc("Blob handler: longest body in bytes; longer ones are answered 413.").build();
    public static final ConfigKey<Long> MAX_REQUEST_BYTES = ConfigKey.longKey("maxRequestBytes")
            .defaultValue(10L * 1024 * 1024).validator(Validators.atLeast(1))
            .doc("Flafka addition: longest request body in bytes; longer ones are answered 413.").build();
    public static final ConfigKey<String> AUTH_TYPE = ConfigKey.stringKey("auth.type").defaultValue("none")
            .validator(Validators.oneOf("none", "bearer", "basic"))
            .doc("Flafka addition: none, bearer (Authorization: Bearer <auth.token>) or basic (auth.username, "
                    + "auth.password); other requests are answered 401.").build();
    public static final ConfigKey<String> AUTH_TOKEN = ConfigKey.passwordKey("auth.token")
            .doc("Flafka addition: the bearer token clients must send.").build();
    public static final ConfigKey<String> AUTH_USERNAME = ConfigKey.stringKey("auth.username")
            .doc("Flafka addition: the basic-auth user name.").build();
    public static final ConfigKey<String> AUTH_PASSWORD = ConfigKey.passwordKey("auth.password")
            .doc("Flafka addition: the basic-auth password.").build();
    /** Jetty tuning prefixes Flume passes through; meaningless with the JDK server. */
    static final List<String> JETTY_PREFIXES = List.of("QueuedThreadPool.", "HttpConfiguration.",
            "SslContextFactory.", "ServerConnector.");
    public static final ConfigDef CONFIG_DEF;

    static {
        ConfigDef.Builder b = ConfigDef.builder().keys(BIND, PORT, HANDLER, MAX_BLOB_LENGTH, MAX_REQUEST_BYTES,
                AUTH_TYPE, AUTH_TOKEN, AUTH_USERNAME, AUTH_PASSWORD);
        TlsKeys.ALL.forEach(b::key);
        for (String p : JETTY_PREFIXES) {
            b.prefix(p, "Jetty setting of Flume's HTTP source: accepted and ignored (Flafka uses the JDK server).");
        }
        CONFIG_DEF = b.build();
    }

    /** The source's settings, as read from its keys. */
    record Settings(String bind, int port, HttpEventDecoder decoder, long maxRequestBytes, HttpAuth auth,
                    TlsSettings tls) {
    }

    private final String name;
    private final Settings s;
    private final SourceCounter counter;
    private volatile ChannelProcessor processor;
    private HttpServer server;
    private ThreadPoolExecutor pool;

    HttpSource(String name, Settings settings, SourceCounter counter) {
        this.name = name;
        this.s = settings;
        this.counter = counter;
    }

    /** The port listened on (useful with port 0); -1 when not started. */
    public synchronized int port() {
        return server == null ? -1 : server.getAddress().getPort();
    }

    @Override
    public synchronized void start(ChannelProcessor channelProcessor) throws Exception {
        processor = channelProcessor;
        InetSocketAddress addr = new InetSocketAddress(s.bind(), s.port());
        HttpServer srv;
        if (s.tls() != null) {
            HttpsServer https = HttpsServer.create(addr, 128);
            https.setHttpsConfigurator(s.tls().configurator(s.tls().context()));
            srv = https;
        } else {
            srv = HttpServer.create(addr, 128);
        }
        pool = new ThreadPoolExecutor(THREADS, THREADS, 30, TimeUnit.SECONDS, new LinkedBlockingQueue<>(),
                new NamedThreads("http-" + name));
        pool.allowCoreThreadTimeOut(true);
        srv.setExecutor(pool);
        srv.createContext("/", this::handle);
        srv.start();
        server = srv;
        counter.markStarted();
        LOG.info("HTTP source {} listening on {}://{}:{}", name, s.tls() != null ? "https" : "http", s.bind(), port());
    }

    @Override
    public synchronized void stop() {
        HttpServer srv = server;
        if (srv == null) {
            return;
        }
        server = null;
        pool.shutdownNow();
        srv.stop(0);
        try {
            if (!pool.awaitTermination(10, TimeUnit.SECONDS)) {
                LOG.warn("HTTP source {}: request threads still running after stop", name);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        counter.markStopped();
    }

    private void handle(HttpExchange ex) throws IOException {
        try (ex) {
            String method = ex.getRequestMethod();
            if (!method.equals("POST") && !method.equals("PUT")) {
                ex.getResponseHeaders().add("Allow", "POST, PUT");
                reply(ex, 405, "use POST or PUT");
                return;
            }
            if (!s.auth().accepts(ex.getRequestHeaders().getFirst("Authorization"))) {
                ex.getResponseHeaders().add("WWW-Authenticate", s.auth().challenge());
                reply(ex, 401, "authentication required");
                return;
            }
            byte[] body = readBody(ex);
            if (body == null) {
                reply(ex, 413, "request body longer than maxRequestBytes (" + s.maxRequestBytes() + " bytes)");
                return;
            }
            counter.increment(SourceCounter.APPEND_BATCH_RECEIVED);
            List<Event> events;
            try {
                events = s.decoder().decode(ex.getRequestHeaders().getFirst("Content-Type"),
                        query(ex.getRequestURI().getRawQuery()), body);
            } catch (BadRequestException e) {
                counter.increment(SourceCounter.EVENT_READ_FAIL);
                LOG.warn("HTTP source {}: refused a request from {}: {}", name, ex.getRemoteAddress(), e.getMessage());
                reply(ex, e.status(), e.getMessage());
                return;
            }
            counter.eventsReceived(events.size());
            try {
                if (!events.isEmpty()) {
                    processor.processBatch(events);
                }
            } catch (ChannelException e) {
                reply(ex, 503, "channel refused the events: " + e.getMessage());
                return;
            } catch (RuntimeException e) {
                LOG.warn("HTTP source {}: delivery failed", name, e);
                counter.increment(SourceCounter.GENERIC_PROCESSING_FAIL);
                reply(ex, 503, "delivery failed: " + e);
                return;
            }
            counter.increment(SourceCounter.APPEND_BATCH_ACCEPTED);
            reply(ex, 200, "");
        }
    }

    /** The body, or null when it is longer than the limit (nothing more is read then). */
    private byte[] readBody(HttpExchange ex) throws IOException {
        long declared = declaredLength(ex.getRequestHeaders().getFirst("Content-Length"));
        if (declared > s.maxRequestBytes()) {
            return null;
        }
        try (InputStream in = ex.getRequestBody()) {
            if (declared >= 0 && declared <= Integer.MAX_VALUE - 8) {
                // the usual case: one array of the announced size, read into directly (no chunk list, no copies)
                byte[] body = new byte[(int) declared];
                int read = in.readNBytes(body, 0, body.length);
                return read == body.length ? body : Arrays.copyOf(body, read);
            }
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            byte[] buf = new byte[16 * 1024];
            long total = 0;
            int r;
            while ((r = in.read(buf)) > 0) {
                total += r;
                if (total > s.maxRequestBytes()) {
                    return null;
                }
                out.write(buf, 0, r);
            }
            return out.toByteArray();
        }
    }

    /** The Content-Length, or -1 when absent or not a number (the body is then read up to the limit). */
    private static long declaredLength(String header) {
        if (header == null) {
            return -1;
        }
        try {
            return Long.parseLong(header.trim());
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    static Map<String, String> query(String raw) {
        Map<String, String> out = new HashMap<>();
        if (raw == null || raw.isEmpty()) {
            return out;
        }
        for (String pair : raw.split("&")) {
            int eq = pair.indexOf('=');
            String k = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
            String v = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
            if (!k.isEmpty()) {
                out.put(k, v);
            }
        }
        return out;
    }

    private static void reply(HttpExchange ex, int status, String message) throws IOException {
        byte[] bytes = message.getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().set("Content-Type", "text/plain; charset=UTF-8");
        ex.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
        if (bytes.length > 0) {
            try (OutputStream os = ex.getResponseBody()) {
                os.write(bytes);
            }
        }
    }
}
