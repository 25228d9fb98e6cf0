package io.flafka.core.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.flafka.api.config.ConfigException;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Properties;
import javax.management.ObjectName;
import org.junit.jupiter.api.Test;

class MonitoringTest {
    private final CounterRegistry registry = new CounterRegistry();

    private static Properties props(String... kv) {
        Properties p = new Properties();
        for (int i = 0; i < kv.length; i += 2) {
            p.setProperty(kv[i], kv[i + 1]);
        }
        return p;
    }

    @Test
    void flumePropertiesStartHttp() throws Exception {
        registry.source("mr1").eventsAccepted(5);
        try (Monitoring m = Monitoring.start(registry, props("flume.monitoring.type", "http",
                "flume.monitoring.port", "0", "flume.monitoring.host", "127.0.0.1"))) {
            assertThat(m.http()).isNotNull();
            String body = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + m.http().port() + "/metrics")).build(),
                    HttpResponse.BodyHandlers.ofString()).body();
            assertThat(body).contains("\"SOURCE.mr1\"").contains("\"EventAcceptedCount\":\"5\"");
            assertThat(ManagementFactory.getPlatformMBeanServer()
                    .isRegistered(new ObjectName("org.apache.flume.source:type=mr1"))).isTrue();
        }
        assertThat(ManagementFactory.getPlatformMBeanServer()
                .isRegistered(new ObjectName("org.apache.flume.source:type=mr1"))).isFalse();
    }

    @Test
    void flafkaSynonymsWin() {
        try (Monitoring m = Monitoring.start(registry, props("flume.monitoring.type", "none",
                "flafka.monitoring.type", "HTTP", "flume.monitoring.port", "notaport",
                "flafka.monitoring.port", "0", "flafka.monitoring.host", "127.0.0.1",
                "flafka.monitoring.jmx", "false"))) {
            assertThat(m.http()).isNotNull();
            assertThat(m.jmx()).isNull();
        }
    }

    @Test
    void nothingAskedNothingServed() {
        try (Monitoring m = Monitoring.start(registry, props())) {
            assertThat(m.http()).isNull();
            assertThat(m.jmx()).isNotNull();
        }
        try (Monitoring m = Monitoring.start(registry, props("flume.monitoring.type", "ganglia"))) {
            assertThat(m.http()).isNull();
        }
    }

    @Test
    void badPortIsAConfigError() {
        assertThatThrownBy(() -> Monitoring.start(registry, props("flume.monitoring.type", "http",
                "flume.monitoring.port", "99999")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("flume.monitoring.port");
    }
}
