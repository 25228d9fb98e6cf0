package io.flafka.core.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.flafka.api.metrics.ChannelCounter;
import io.flafka.api.metrics.SinkCounter;
import io.flafka.api.metrics.SourceCounter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class MetricsServerTest {
    private final CounterRegistry registry = new CounterRegistry();
    private final HttpClient client = HttpClient.newHttpClient();
    private MetricsServer server;

    @BeforeEach
    void start() throws Exception {
        server = MetricsServer.start(registry, "127.0.0.1", 0);
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private HttpResponse<String> get(String path) throws Exception {
        return client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private Map<String, Map<String, String>> json() throws Exception {
        HttpResponse<String> r = get("/metrics");
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("Content-Type")).hasValue("application/json");
        return new ObjectMapper().readValue(r.body(), new TypeReference<>() { });
    }

    @Test
    void servesFlumeJsonWithExactStringValues() throws Exception {
        SourceCounter src = registry.source("r1");
        src.markStarted();
        src.eventsReceived(12);
        src.eventsAccepted(11);
        ChannelCounter ch = registry.channel("c1");
        ch.gauge(ChannelCounter.CHANNEL_CAPACITY).set(80);
        ch.gauge(ChannelCounter.CHANNEL_SIZE).set(10);
        ch.add(ChannelCounter.PUT_SUCCESS, 1_000_000_007L);
        SinkCounter sink = registry.sink("k1");
        sink.add(SinkCounter.DRAIN_SUCCESS, 5);
        sink.markStarted();
        sink.markStopped();

        Map<String, Map<String, String>> m = json();

        assertThat(m).containsOnlyKeys("SOURCE.r1", "CHANNEL.c1", "SINK.k1");
        Map<String, String> r1 = m.get("SOURCE.r1");
        assertThat(r1).containsEntry("EventReceivedCount", "12").containsEntry("EventAcceptedCount", "11")
                .containsEntry("OpenConnectionCount", "0").containsEntry("Type", "SOURCE")
                .containsEntry("StopTime", "0").containsKeys("AppendBatchAcceptedCount", "GenericProcessingFail");
        assertThat(Long.parseLong(r1.get("StartTime"))).isPositive();
        Map<String, String> c1 = m.get("CHANNEL.c1");
        assertThat(c1).containsEntry("ChannelFillPercentage", "12.5").containsEntry("ChannelSize", "10")
                .containsEntry("ChannelCapacity", "80").containsEntry("EventPutSuccessCount", "1000000007")
                .containsEntry("Type", "CHANNEL");
        Map<String, String> k1 = m.get("SINK.k1");
        assertThat(k1).containsEntry("EventDrainSuccessCount", "5").containsEntry("Type", "SINK");
        assertThat(Long.parseLong(k1.get("StopTime"))).isGreaterThanOrEqualTo(Long.parseLong(k1.get("StartTime")));
    }

    @Test
    void jsonFollowsTheRegistry() throws Exception {
        registry.source("r1").eventsAccepted(3);
        assertThat(json()).containsOnlyKeys("SOURCE.r1");
        registry.source("r1").eventsAccepted(4);
        registry.sink("k9").increment("KafkaEventSendTimer");
        Map<String, Map<String, String>> m = json();
        assertThat(m.get("SOURCE.r1")).containsEntry("EventAcceptedCount", "7");
        assertThat(m.get("SINK.k9")).containsEntry("KafkaEventSendTimer", "1");
        registry.remove("SOURCE", "r1");
        assertThat(json()).containsOnlyKeys("SINK.k9");
    }

    @Test
    void servesPrometheusText() throws Exception {
        registry.source("r1").eventsAccepted(42);
        ChannelCounter ch = registry.channel("c1");
        ch.gauge(ChannelCounter.CHANNEL_CAPACITY).set(4);
        ch.gauge(ChannelCounter.CHANNEL_SIZE).set(1);

        HttpResponse<String> r = get("/metrics/prometheus");
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("Content-Type").orElse("")).startsWith("text/plain");
        String body = r.body();
        assertThat(body).contains("# TYPE flafka_event_accepted_count_total counter")
                .contains("flafka_event_accepted_count_total{component=\"r1\",type=\"SOURCE\"} 42.0")
                .contains("# TYPE flafka_channel_size gauge")
                .contains("flafka_channel_size{component=\"c1\",type=\"CHANNEL\"} 1.0")
                .contains("flafka_channel_fill_percentage{component=\"c1\",type=\"CHANNEL\"} 25.0")
                .contains("jvm_memory_used_bytes");

        // values are read at scrape time; new groups and counters appear
        registry.source("r1").eventsAccepted(1);
        registry.sink("k1").add("EventDrainSuccessCount", 9);
        String again = get("/prometheus").body();
        assertThat(again).contains("flafka_event_accepted_count_total{component=\"r1\",type=\"SOURCE\"} 43.0")
                .contains("flafka_event_drain_success_count_total{component=\"k1\",type=\"SINK\"} 9.0");

        registry.remove("SINK", "k1");
        assertThat(get("/metrics/prometheus").body()).doesNotContain("component=\"k1\"");
    }

    @Test
    void unknownPathIs404AndPostIs405() throws Exception {
        assertThat(get("/nope").statusCode()).isEqualTo(404);
        HttpResponse<String> post = client.send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + server.port() + "/metrics"))
                .POST(HttpRequest.BodyPublishers.ofString("x")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(post.statusCode()).isEqualTo(405);
    }

    @Test
    void snakeCaseNames() {
        assertThat(PrometheusMetrics.dotted("EventReceivedCount")).isEqualTo("event.received.count");
        assertThat(PrometheusMetrics.dotted("ChannelFillPercentage")).isEqualTo("channel.fill.percentage");
        assertThat(PrometheusMetrics.dotted("KafkaCommitTimer")).isEqualTo("kafka.commit.timer");
        assertThat(PrometheusMetrics.dotted("RollbackCount")).isEqualTo("rollback.count");
        assertThat(PrometheusMetrics.dotted("HDFSWriteCount")).isEqualTo("hdfs.write.count");
    }
}
