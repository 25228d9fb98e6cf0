package io.flafka.core.metrics;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The HTTP monitoring endpoint: {@code GET /metrics} serves Flume's JSON ({@link FlumeJson}),
 * {@code GET /metrics/prometheus} and {@code GET /prometheus} serve Prometheus text
 * ({@link PrometheusMetrics}). Requests are answered on one daemon thread of its own; {@link #close()}
 * stops the listener and that thread.
 */
public final class MetricsServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(MetricsServer.class);
    static final String PROMETHEUS_CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

    private final CounterRegistry counters;
    private final PrometheusMetrics prometheus;
    private final HttpServer server;
    private final ExecutorService executor;

    private MetricsServer(CounterRegistry counters, HttpServer server) {
        this.counters = counters;
        this.prometheus = new PrometheusMetrics(counters);
        this.server = server;
        this.executor = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "flafka-metrics-http");
            t.setDaemon(true);
            return t;
        });
        server.setExecutor(executor);
        server.createContext("/", this::handle);
    }

    /**
     * Binds and starts serving.
     *
     * @param host the address to bind ({@code 0.0.0.0} for every interface)
     * @param port the port, 0 for any free one (see {@link #port()})
     */
    public static MetricsServer start(CounterRegistry counters, String host, int port) throws IOException {
        HttpServer http = HttpServer.create(new InetSocketAddress(host, port), 16);
        MetricsServer s = new MetricsServer(counters, http);
        http.start();
        LOG.info("Metrics served at http://{}:{}/metrics (JSON) and /metrics/prometheus", host, s.port());
        return s;
    }

    /** The port actually bound. */
    public int port() {
        return server.getAddress().getPort();
    }

    private void handle(HttpExchange ex) throws IOException {
        try (ex) {
            String method = ex.getRequestMethod();
            if (!"GET".equals(method) && !"HEAD".equals(method)) {
                ex.getResponseHeaders().set("Allow", "GET, HEAD");
                send(ex, 405, "text/plain; charset=utf-8", "Method not allowed\n");
                return;
            }
            String path = ex.getRequestURI().getPath();
            switch (path) {
                case "/metrics", "/metrics/" -> send(ex, 200, "application/json", FlumeJson.render(counters));
                case "/metrics/prometheus", "/prometheus" ->
                    send(ex, 200, PROMETHEUS_CONTENT_TYPE, prometheus.scrape());
                default -> send(ex, 404, "text/plain; charset=utf-8",
                        "Not found. Try /metrics or /metrics/prometheus\n");
            }
        } catch (RuntimeException e) {
            LOG.warn("Metrics request failed", e);
        }
    }

    private static void send(HttpExchange ex, int status, String contentType, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().set("Content-Type", contentType);
        boolean head = "HEAD".equals(ex.getRequestMethod());
        ex.sendResponseHeaders(status, head ? -1 : bytes.length);
        if (!head) {
            try (OutputStream out = ex.getResponseBody()) {
                out.write(bytes);
            }
        }
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
        prometheus.close();
    }
}
