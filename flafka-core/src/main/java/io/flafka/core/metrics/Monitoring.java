package io.flafka.core.metrics;

import io.flafka.api.config.ConfigException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Locale;
import java.util.Properties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Starts the metrics reporters an agent was asked for, the way Flume is asked: system properties
 * {@code flume.monitoring.type=http} and {@code flume.monitoring.port=N} (default 41414), with
 * {@code flafka.monitoring.*} synonyms that win when both are set. Also understood:
 * {@code *.monitoring.host} (default {@code 0.0.0.0}) and {@code flafka.monitoring.jmx=false} to skip the
 * JMX beans, which are otherwise always registered (as in Flume). {@link #close()} stops everything.
 */
public final class Monitoring implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Monitoring.class);
    public static final int DEFAULT_PORT = 41414;

    private final MetricsServer http;
    private final JmxExporter jmx;

    private Monitoring(MetricsServer http, JmxExporter jmx) {
        this.http = http;
        this.jmx = jmx;
    }

    /** Reads {@link System#getProperties()}. */
    public static Monitoring fromSystemProperties(CounterRegistry counters) {
        return start(counters, System.getProperties());
    }

    /**
     * Starts what {@code props} ask for.
     *
     * @throws ConfigException when a setting is malformed (a user mistake)
     * @throws UncheckedIOException when the HTTP port cannot be bound
     */
    public static Monitoring start(CounterRegistry counters, Properties props) {
        String type = setting(props, "type", "").trim().toLowerCase(Locale.ROOT);
        String portText = setting(props, "port", Integer.toString(DEFAULT_PORT)).trim();
        String host = setting(props, "host", "0.0.0.0").trim();
        boolean withJmx = !"false".equalsIgnoreCase(props.getProperty("flafka.monitoring.jmx", "true").trim());
        MetricsServer http = null;
        switch (type) {
            case "", "none" -> { }
            case "http", "prometheus" -> {
                int port = port(portText);
                try {
                    http = MetricsServer.start(counters, host, port);
                } catch (IOException e) {
                    throw new UncheckedIOException("Cannot serve metrics on " + host + ":" + port + ": " + e.getMessage(), e);
                }
            }
            default -> LOG.warn("Monitoring type '{}' is not supported by Flafka (only http, which also serves "
                    + "Prometheus at /metrics/prometheus); no metrics endpoint started", type);
        }
        JmxExporter jmx = withJmx ? JmxExporter.start(counters) : null;
        return new Monitoring(http, jmx);
    }

    private static String setting(Properties props, String suffix, String dflt) {
        String v = props.getProperty("flafka.monitoring." + suffix);
        if (v == null) {
            v = props.getProperty("flume.monitoring." + suffix);
        }
        return v == null ? dflt : v;
    }

    private static int port(String text) {
        try {
            int p = Integer.parseInt(text);
            if (p >= 0 && p <= 65535) {
                return p;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new ConfigException("flume.monitoring.port", "'" + text + "' is not a port number (0-65535)");
    }

    /** The HTTP server, or null when none was asked for. */
    public MetricsServer http() {
        return http;
    }

    /** The JMX exporter, or null when disabled. */
    public JmxExporter jmx() {
        return jmx;
    }

    @Override
    public void close() {
        if (http != null) {
            http.close();
        }
        if (jmx != null) {
            jmx.close();
        }
    }
}
