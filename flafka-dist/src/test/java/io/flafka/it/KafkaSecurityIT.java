package io.flafka.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.flafka.dist.Main;
import io.flafka.testkit.kafka.EmbeddedKafkaExtension;
import io.flafka.testkit.kafka.KafkaTestClient;
import io.flafka.testkit.kafka.TestKeystores;
import io.flafka.testkit.process.AgentProcess;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * The Kafka source and sink against a broker that requires SASL/PLAIN on one listener and mutual TLS
 * on another, configured only through Flume's pass-through keys ({@code kafka.consumer.*},
 * {@code kafka.producer.*}); and the secrets of those settings never show: not in a real agent's log
 * (run with every logger, Kafka's included, at INFO), not in {@code flafka validate}, not in
 * {@code /metrics}.
 */
class KafkaSecurityIT {
    static final String SASL_PASSWORD = "sasl-SECRET-4711";
    static final String KEYSTORE_PASSWORD = "ks-SECRET-4712";
    static final String TRUSTSTORE_PASSWORD = "ts-SECRET-4713";
    static final List<String> SECRETS = List.of(SASL_PASSWORD, KEYSTORE_PASSWORD, TRUSTSTORE_PASSWORD);
    static final int EVENTS = 50;

    static Path storeDir;
    static TestKeystores stores;

    @RegisterExtension
    static final EmbeddedKafkaExtension KAFKA = new EmbeddedKafkaExtension(b -> {
        try {
            storeDir = Files.createTempDirectory("flafka-tls-");
            stores = TestKeystores.generate(storeDir, KEYSTORE_PASSWORD, TRUSTSTORE_PASSWORD);
        } catch (Exception e) {
            throw new IllegalStateException("cannot make test key stores", e);
        }
        return b.listener("SASL_PLAINTEXT", "SASL_PLAINTEXT").listener("SSL", "SSL")
                .property("sasl.enabled.mechanisms", "PLAIN")
                .property("listener.name.sasl_plaintext.sasl.enabled.mechanisms", "PLAIN")
                .property("listener.name.sasl_plaintext.plain.sasl.jaas.config",
                        "org.apache.kafka.common.security.plain.PlainLoginModule required username=\"admin\" "
                        + "password=\"admin-pw\" user_admin=\"admin-pw\" user_alice=\"" + SASL_PASSWORD + "\";")
                .property("listener.name.ssl.ssl.keystore.location", stores.keystore().toString())
                .property("listener.name.ssl.ssl.keystore.password", KEYSTORE_PASSWORD)
                .property("listener.name.ssl.ssl.key.password", KEYSTORE_PASSWORD)
                .property("listener.name.ssl.ssl.keystore.type", "PKCS12")
                .property("listener.name.ssl.ssl.truststore.location", stores.truststore().toString())
                .property("listener.name.ssl.ssl.truststore.password", TRUSTSTORE_PASSWORD)
                .property("listener.name.ssl.ssl.truststore.type", "PKCS12")
                .property("listener.name.ssl.ssl.client.auth", "required");
    });

    @TempDir
    Path tmp;

    @AfterAll
    static void deleteStores() throws Exception {
        if (storeDir != null) {
            try (var s = Files.list(storeDir)) {
                for (Path f : s.toList()) {
                    Files.deleteIfExists(f);
                }
            }
            Files.deleteIfExists(storeDir);
        }
    }

    /** Client keys for SASL/PLAIN under a pass-through prefix. */
    static String sasl(String prefix) {
        return String.join("\n",
                prefix + "security.protocol = SASL_PLAINTEXT",
                prefix + "sasl.mechanism = PLAIN",
                prefix + "sasl.jaas.config = org.apache.kafka.common.security.plain.PlainLoginModule required "
                        + "username=\"alice\" password=\"" + SASL_PASSWORD + "\";",
                "");
    }

    /** Client keys for mutual TLS under a pass-through prefix. */
    static String tls(String prefix) {
        return String.join("\n",
                prefix + "security.protocol = SSL",
                prefix + "ssl.truststore.location = " + stores.truststore(),
                prefix + "ssl.truststore.password = " + TRUSTSTORE_PASSWORD,
                prefix + "ssl.truststore.type = PKCS12",
                prefix + "ssl.keystore.location = " + stores.keystore(),
                prefix + "ssl.keystore.password = " + KEYSTORE_PASSWORD,
                prefix + "ssl.key.password = " + KEYSTORE_PASSWORD,
                prefix + "ssl.keystore.type = PKCS12",
                "");
    }

    /** r1 reads over SASL and k1 writes over TLS; r2 reads over TLS and k2 writes over SASL. */
    static String config() {
        String sasl = KAFKA.broker().bootstrapServers("SASL_PLAINTEXT");
        String ssl = KAFKA.broker().bootstrapServers("SSL");
        StringBuilder sb = new StringBuilder(String.join("\n",
                "a1.sources = r1 r2",
                "a1.channels = c1 c2",
                "a1.sinks = k1 k2",
                ""));
        String[][] paths = {{"1", sasl, ssl}, {"2", ssl, sasl}};
        for (String[] p : paths) {
            String n = p[0];
            String r = "a1.sources.r" + n + ".";
            String k = "a1.sinks.k" + n + ".";
            sb.append(String.join("\n",
                    r + "type = kafka",
                    r + "channels = c" + n,
                    r + "kafka.bootstrap.servers = " + p[1],
                    r + "kafka.topics = sec-in-" + n,
                    r + "kafka.consumer.group.id = sec-" + n,
                    r + "kafka.consumer.auto.offset.reset = earliest",
                    r + "batchSize = 100",
                    r + "batchDurationMillis = 200",
                    "a1.channels.c" + n + ".type = memory",
                    k + "type = kafka",
                    k + "channel = c" + n,
                    k + "kafka.bootstrap.servers = " + p[2],
                    k + "kafka.topic = sec-out-" + n,
                    k + "allowTopicOverride = false",
                    ""));
            sb.append(p[1] == sasl ? sasl(r + "kafka.consumer.") : tls(r + "kafka.consumer."));
            sb.append(p[2] == sasl ? sasl(k + "kafka.producer.") : tls(k + "kafka.producer."));
        }
        return sb.toString();
    }

    static void assertNoSecret(String what, String text) {
        for (String s : SECRETS) {
            assertThat(text).as(what + " must not show the secret " + s).doesNotContain(s);
        }
    }

    @Test
    void sourceAndSinkWorkOverSaslAndTlsAndNoSecretShowsInLogOrMetrics() throws Exception {
        for (String n : List.of("1", "2")) {
            KAFKA.broker().createTopic("sec-in-" + n, 1);
            KAFKA.broker().createTopic("sec-out-" + n, 1);
            String[] values = new String[EVENTS];
            for (int i = 0; i < EVENTS; i++) {
                values[i] = "e" + i;
            }
            new KafkaTestClient(KAFKA.bootstrapServers()).send("sec-in-" + n, values);
        }
        Path conf = tmp.resolve("a1.properties");
        Files.writeString(conf, config());
        // Every logger at INFO, Kafka's clients too (they print their whole configuration at start).
        Path logback = tmp.resolve("logback.xml");
        Files.writeString(logback, String.join("\n",
                "<configuration>",
                "  <appender name=\"e\" class=\"ch.qos.logback.core.ConsoleAppender\">",
                "    <target>System.err</target>",
                "    <encoder><pattern>%d %level [%thread] %logger - %msg%n</pattern></encoder>",
                "  </appender>",
                "  <root level=\"INFO\"><appender-ref ref=\"e\"/></root>",
                "</configuration>", ""));

        try (AgentProcess agent = AgentProcess.start(AgentProcess.FLAFKA_MAIN, List.of("agent", "-n", "a1",
                        "-f", conf.toString(), "--no-reload-conf", "-Dflume.monitoring.type=http",
                        "-Dflume.monitoring.port=0", "-Dflume.monitoring.host=127.0.0.1"),
                tmp.resolve("agent.log"), Map.of("logback.configurationFile", logback.toString()), List.of())) {
            KafkaTestClient client = new KafkaTestClient(KAFKA.bootstrapServers());
            for (String n : List.of("1", "2")) {
                Awaitility.await("sec-out-" + n).atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500))
                        .failFast(() -> !agent.isAlive())
                        .until(() -> client.read("sec-out-" + n, EVENTS, 0).size() >= EVENTS);
                assertThat(client.read("sec-out-" + n, EVENTS, 200)).extracting(r -> new String(r.value()))
                        .as(agent.logText()).containsExactlyInAnyOrderElementsOf(expected());
            }

            Matcher m = Pattern.compile("http://127\\.0\\.0\\.1:(\\d+)/metrics").matcher(agent.logText());
            assertThat(m.find()).as("metrics address logged:\n" + agent.logText()).isTrue();
            HttpClient http = HttpClient.newHttpClient();
            for (String path : List.of("/metrics", "/metrics/prometheus")) {
                String body = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + m.group(1) + path))
                        .build(), HttpResponse.BodyHandlers.ofString()).body();
                assertNoSecret("GET " + path, body);
            }
            assertThat(agent.stop(Duration.ofSeconds(30))).isZero();
            String log = agent.logText();
            assertThat(log).as("the agent logged Kafka's client configuration").contains("sasl.jaas.config");
            assertNoSecret("the agent log", log);
        }
    }

    static List<String> expected() {
        return java.util.stream.IntStream.range(0, EVENTS).mapToObj(i -> "e" + i).toList();
    }

    @Test
    void validateShowsNoSecret() throws Exception {
        Path conf = tmp.resolve("a1.properties");
        Files.writeString(conf, config());
        for (String graph : List.of("text", "dot", "mermaid")) {
            StringWriter out = new StringWriter();
            StringWriter err = new StringWriter();
            CommandLine cl = Main.commandLine();
            cl.setOut(new PrintWriter(out, true));
            cl.setErr(new PrintWriter(err, true));
            assertThat(cl.execute("validate", "-n", "a1", "-f", conf.toString(), "--graph", graph))
                    .as(err.toString()).isZero();
            assertNoSecret("validate --graph " + graph, out + "\n" + err);
        }
        // a broken file: errors are listed, still without secrets
        Files.writeString(conf, config() + "a1.sinks.k1.flumeBatchSize = many\n");
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cl = Main.commandLine();
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        assertThat(cl.execute("validate", "-n", "a1", "-f", conf.toString())).isEqualTo(2);
        assertThat(err.toString()).contains("a1.sinks.k1.flumeBatchSize");
        assertNoSecret("validate of a broken file", out + "\n" + err);
    }
}
