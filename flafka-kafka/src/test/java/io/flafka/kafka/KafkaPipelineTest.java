package io.flafka.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.flafka.api.Channel;
import io.flafka.api.Event;
import io.flafka.api.EventDeliveryException;
import io.flafka.api.PollableSource;
import io.flafka.api.Sink;
import io.flafka.kafka.avro.AvroFlumeEventCodec;
import io.flafka.kafka.channel.KafkaChannelProvider;
import io.flafka.kafka.common.KafkaHeaders;
import io.flafka.kafka.sink.KafkaSinkProvider;
import io.flafka.kafka.source.KafkaSourceProvider;
import io.flafka.kafka.testing.ChannelWriter;
import io.flafka.kafka.testing.Components;
import io.flafka.kafka.testing.InMemoryChannel;
import io.flafka.testkit.kafka.EmbeddedKafkaExtension;
import io.flafka.testkit.kafka.KafkaTestClient;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Kafka source, channel and sink together, as Flume users wire them. */
class KafkaPipelineTest {
    @RegisterExtension
    static final EmbeddedKafkaExtension KAFKA = new EmbeddedKafkaExtension();

    private static Map<String, String> map(String... kv) {
        Map<String, String> m = new HashMap<>();
        m.put("kafka.bootstrap.servers", KAFKA.bootstrapServers());
        for (int i = 0; i < kv.length; i += 2) {
            m.put(kv[i], kv[i + 1]);
        }
        return m;
    }

    @Test
    void providersAreDiscoverable() {
        List<String> found = new ArrayList<>();
        for (io.flafka.api.ComponentProvider<?> p : ServiceLoader.load(io.flafka.api.ComponentProvider.class)) {
            found.add(p.kind() + ":" + p.type());
        }
        assertThat(found).contains("SOURCE:kafka", "SINK:kafka", "CHANNEL:kafka");
    }

    @Test
    void kafkaToKafkaRefusesTheClassicLoopAndWorksWithTheFlumeFormatOnBothEnds() throws Exception {
        KAFKA.broker().createTopic("pipe-in", 2);
        KAFKA.broker().createTopic("pipe-out", 1);
        KafkaTestClient client = new KafkaTestClient(KAFKA.bootstrapServers());
        List<ProducerRecord<String, byte[]>> rs = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            rs.add(new ProducerRecord<>("pipe-in", "k" + i, ("e" + i).getBytes()));
        }
        client.send(rs);

        InMemoryChannel channel = new InMemoryChannel();
        KafkaSourceProvider sp = new KafkaSourceProvider();
        PollableSource source = (PollableSource) Components.create(sp, "r1", map("kafka.topics", "pipe-in",
                "kafka.consumer.auto.offset.reset", "earliest", "batchDurationMillis", "300"));
        source.start(new ChannelWriter(channel));
        long deadline = System.currentTimeMillis() + 30_000;
        while (channel.size() < 6 && System.currentTimeMillis() < deadline) {
            source.process();
        }
        source.stop();
        assertThat(channel.size()).isEqualTo(6);

        // Flume's default wiring: the source's topic header overrides the sink's kafka.topic -> loop, refused
        KafkaSinkProvider kp = new KafkaSinkProvider();
        Sink looping = Components.create(kp, "k1", map("kafka.topic", "pipe-out"));
        looping.start(channel);
        assertThatThrownBy(looping::process).isInstanceOf(EventDeliveryException.class)
                .hasMessageContaining("'pipe-in'");
        looping.stop();
        assertThat(channel.size()).isEqualTo(6);

        Sink sink = Components.create(kp, "k2", map("kafka.topic", "pipe-out", "allowTopicOverride", "false",
                "useFlumeEventFormat", "true"));
        sink.start(channel);
        sink.process();
        sink.stop();
        assertThat(channel.size()).isZero();

        List<ConsumerRecord<String, byte[]>> out = client.read("pipe-out", 6);
        assertThat(out).hasSize(6);
        for (ConsumerRecord<String, byte[]> r : out) {
            Event e = AvroFlumeEventCodec.get().decode(r.value());
            assertThat(e.header("key")).isEqualTo(r.key());
            assertThat(e.bodyAsString()).isEqualTo("e" + r.key().substring(1));
            assertThat(e.headers()).containsEntry("topic", "pipe-in").containsEntry(KafkaHeaders.SOURCE_TOPIC, "pipe-in")
                    .containsKeys("partition", "offset", "timestamp");
        }

        // a second Flafka hop reads the Flume format back: headers restored, provenance updated
        InMemoryChannel next = new InMemoryChannel();
        PollableSource reader = (PollableSource) Components.create(sp, "r2", map("kafka.topics", "pipe-out",
                "useFlumeEventFormat", "true", "kafka.consumer.auto.offset.reset", "earliest"));
        reader.start(new ChannelWriter(next));
        deadline = System.currentTimeMillis() + 30_000;
        while (next.size() < 6 && System.currentTimeMillis() < deadline) {
            reader.process();
        }
        reader.stop();
        assertThat(next.snapshot()).allSatisfy(e -> assertThat(e.headers())
                .containsEntry("topic", "pipe-in").containsEntry(KafkaHeaders.SOURCE_TOPIC, "pipe-out"));
    }

    @Test
    void aKafkaChannelWithoutSourceFeedsASinkAndItsCommitIsTheOffsetCommit() throws Exception {
        KAFKA.broker().createTopic("pipe-chan", 2);
        KAFKA.broker().createTopic("pipe-sink-out", 1);
        KafkaTestClient client = new KafkaTestClient(KAFKA.bootstrapServers());
        List<ProducerRecord<String, byte[]>> rs = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            rs.add(new ProducerRecord<>("pipe-chan", i % 2, "k" + i, ("raw" + i).getBytes()));
        }
        client.send(rs);   // a foreign producer: plain values, hence parseAsFlumeEvent = false

        Channel channel = Components.create(new KafkaChannelProvider(), "c1", map("kafka.topic", "pipe-chan",
                "parseAsFlumeEvent", "false", "kafka.consumer.group.id", "pipe-group"));
        channel.start();
        Sink sink = Components.create(new KafkaSinkProvider(), "k1", map("kafka.topic", "pipe-sink-out",
                "flumeBatchSize", "7"));
        sink.start(channel);
        long deadline = System.currentTimeMillis() + 30_000;
        long sent = 0;
        while (sent < 20 && System.currentTimeMillis() < deadline) {
            sink.process();
            sent = KAFKA.broker().admin().listOffsets(Map.of(new TopicPartition("pipe-sink-out", 0),
                    org.apache.kafka.clients.admin.OffsetSpec.latest())).all().get()
                    .get(new TopicPartition("pipe-sink-out", 0)).offset();
        }
        sink.stop();
        channel.stop();
        List<ConsumerRecord<String, byte[]>> out = client.read("pipe-sink-out", 20, 300);
        assertThat(out).hasSize(20);
        assertThat(out).allSatisfy(r -> assertThat(new String(r.value())).isEqualTo("raw" + r.key().substring(1)));
        Map<TopicPartition, OffsetAndMetadata> committed = KAFKA.broker().admin()
                .listConsumerGroupOffsets("pipe-group").partitionsToOffsetAndMetadata().get();
        assertThat(committed.get(new TopicPartition("pipe-chan", 0)).offset()
                + committed.get(new TopicPartition("pipe-chan", 1)).offset()).isEqualTo(20);
    }
}
