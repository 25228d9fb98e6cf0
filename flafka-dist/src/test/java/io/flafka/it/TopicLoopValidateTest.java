package io.flafka.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.flafka.dist.Main;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code flafka validate} warns about a Kafka sink writing back into its Kafka source's topic (no broker needed). */
class TopicLoopValidateTest {
    static final String FLUME_DEFAULT_WIRING = String.join("\n",
            "a1.sources = r1",
            "a1.channels = c1",
            "a1.sinks = k1",
            "a1.sources.r1.type = org.apache.flume.source.kafka.KafkaSource",
            "a1.sources.r1.channels = c1",
            "a1.sources.r1.kafka.bootstrap.servers = 127.0.0.1:9092",
            "a1.sources.r1.kafka.topics = clicks",
            "a1.sources.r1.batchSize = 100",
            "a1.channels.c1.type = memory",
            "a1.sinks.k1.type = org.apache.flume.sink.kafka.KafkaSink",
            "a1.sinks.k1.channel = c1",
            "a1.sinks.k1.kafka.bootstrap.servers = 127.0.0.1:9092",
            "a1.sinks.k1.kafka.topic = clicks-enriched",
            "");

    @TempDir
    Path dir;

    String[] validate(String config) throws Exception {
        Path f = dir.resolve("a1.properties");
        Files.writeString(f, config);
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cl = Main.commandLine();
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        int rc = cl.execute("validate", "-n", "a1", "-f", f.toString());
        assertThat(rc).as(err.toString()).isZero();
        return new String[] {out.toString(), err.toString()};
    }

    @Test
    void warnsNamingSourceSinkAndTheFix() throws Exception {
        String out = validate(FLUME_DEFAULT_WIRING)[0];
        assertThat(out).contains("WARNING a1.sinks.k1.allowTopicOverride: Kafka sink 'k1' would write events read by "
                + "Kafka source 'r1' (topic 'clicks') back into the source's topic");
        assertThat(out).contains("Fix: set a1.sinks.k1.allowTopicOverride = false")
                .contains("Configuration OK: agent 'a1' (1 warning(s)).");
    }

    @Test
    void theFixSilencesTheWarning() throws Exception {
        String out = validate(FLUME_DEFAULT_WIRING + "a1.sinks.k1.allowTopicOverride = false\n")[0];
        assertThat(out).doesNotContain("WARNING").contains("(0 warning(s))");
    }

    @Test
    void warnsAboutTheSameStaticTopic() throws Exception {
        String out = validate(FLUME_DEFAULT_WIRING.replace("kafka.topic = clicks-enriched", "kafka.topic = clicks")
                + "a1.sinks.k1.allowTopicOverride = false\n")[0];
        assertThat(out).contains("WARNING a1.sinks.k1.kafka.topic: Kafka sink 'k1'").contains("Kafka source 'r1'");
    }
}
