package io.flafka.kafka.check;

import static org.assertj.core.api.Assertions.assertThat;

import io.flafka.api.config.ConfigError;
import io.flafka.core.config.ConfigLoader;
import io.flafka.core.config.LoadResult;
import io.flafka.core.registry.ComponentRegistry;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The write-back-into-the-source-topic warning, through the real loader and ServiceLoader. */
class TopicLoopCheckTest {
    static final ConfigLoader LOADER = new ConfigLoader(
            ComponentRegistry.discover(TopicLoopCheckTest.class.getClassLoader()), k -> null, k -> null);

    static Map<String, String> kafkaToKafka(String... extra) {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("a1.sources", "r1");
        m.put("a1.channels", "c1");
        m.put("a1.sinks", "k1");
        m.put("a1.sources.r1.type", "org.apache.flume.source.kafka.KafkaSource");
        m.put("a1.sources.r1.channels", "c1");
        m.put("a1.sources.r1.kafka.bootstrap.servers", "127.0.0.1:9092");
        m.put("a1.sources.r1.kafka.topics", "in");
        m.put("a1.sources.r1.batchSize", "100");
        m.put("a1.channels.c1.type", "memory");
        m.put("a1.sinks.k1.type", "kafka");
        m.put("a1.sinks.k1.channel", "c1");
        m.put("a1.sinks.k1.kafka.bootstrap.servers", "127.0.0.1:9092");
        m.put("a1.sinks.k1.kafka.topic", "out");
        for (int i = 0; i < extra.length; i += 2) {
            m.put(extra[i], extra[i + 1]);
        }
        return m;
    }

    static LoadResult load(Map<String, String> props) {
        LoadResult r = LOADER.load(props, "a1");
        assertThat(r.diagnostics().errors()).isEmpty();
        return r;
    }

    static List<ConfigError> loopWarnings(LoadResult r) {
        return r.diagnostics().warnings().stream().filter(w -> w.message().contains("back into")).toList();
    }

    @Test
    void flumesDefaultWiringIsWarnedAboutNamingBothComponentsAndTheFix() {
        List<ConfigError> w = loopWarnings(load(kafkaToKafka()));
        assertThat(w).hasSize(1);
        assertThat(w.get(0).path()).isEqualTo("a1.sinks.k1.allowTopicOverride");
        assertThat(w.get(0).message()).contains("Kafka sink 'k1'").contains("Kafka source 'r1'")
                .contains("topic 'in'").contains("channel 'c1'").contains("a1.sinks.k1.allowTopicOverride = false")
                .contains("setTopicHeader = false");
    }

    @Test
    void theSameStaticTopicIsWarnedAbout() {
        List<ConfigError> w = loopWarnings(load(kafkaToKafka("a1.sinks.k1.allowTopicOverride", "false",
                "a1.sinks.k1.kafka.topic", "in")));
        assertThat(w).hasSize(1);
        assertThat(w.get(0).path()).isEqualTo("a1.sinks.k1.kafka.topic");
        assertThat(w.get(0).message()).contains("'k1'").contains("'r1'").contains("kafka.topic");
    }

    @Test
    void aRegexSourceMatchingTheSinkTopicIsWarnedAbout() {
        Map<String, String> m = kafkaToKafka("a1.sources.r1.setTopicHeader", "false", "a1.sinks.k1.kafka.topic", "in-2",
                "a1.sources.r1.kafka.topics.regex", "in-.*");
        assertThat(loopWarnings(load(m))).hasSize(1);
    }

    @Test
    void safeWiringsAreNotWarnedAbout() {
        assertThat(loopWarnings(load(kafkaToKafka("a1.sinks.k1.allowTopicOverride", "false")))).isEmpty();
        assertThat(loopWarnings(load(kafkaToKafka("a1.sources.r1.setTopicHeader", "false")))).isEmpty();
        assertThat(loopWarnings(load(kafkaToKafka("a1.sources.r1.topicHeader", "origin")))).isEmpty();
        // not joined through a channel
        Map<String, String> apart = kafkaToKafka("a1.channels", "c1 c2", "a1.channels.c2.type", "memory",
                "a1.sinks.k1.channel", "c2");
        assertThat(loopWarnings(load(apart))).isEmpty();
    }

    @Test
    void anIntendedLoopIsOnlyNoted() {
        LoadResult r = load(kafkaToKafka("a1.sinks.k1.allowTopicLoop", "true"));
        assertThat(loopWarnings(r)).isEmpty();
        assertThat(r.diagnostics().infos()).anySatisfy(i -> assertThat(i.message()).contains("circulate endlessly"));
    }

    @Test
    void aKafkaChannelOnTheSourcesOwnTopicIsWarnedAbout() {
        Map<String, String> m = kafkaToKafka("a1.channels.c1.type", "kafka",
                "a1.channels.c1.kafka.bootstrap.servers", "127.0.0.1:9092", "a1.channels.c1.kafka.topic", "in",
                "a1.sinks.k1.allowTopicOverride", "false");
        LoadResult r = load(m);
        assertThat(r.diagnostics().warnings()).anySatisfy(w -> {
            assertThat(w.path()).isEqualTo("a1.channels.c1.kafka.topic");
            assertThat(w.message()).contains("'r1'").contains("'c1'");
        });
    }
}
