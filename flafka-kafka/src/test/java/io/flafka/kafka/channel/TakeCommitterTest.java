package io.flafka.kafka.channel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.flafka.api.metrics.CounterGroup;
import io.flafka.testkit.kafka.EmbeddedKafkaExtension;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The take commit modes against a real broker, with a manually assigned consumer (no group join). */
class TakeCommitterTest {
    @RegisterExtension
    static final EmbeddedKafkaExtension KAFKA = new EmbeddedKafkaExtension();
    private static final AtomicInteger IDS = new AtomicInteger();

    private final CounterGroup counters = new CounterGroup("CHANNEL", "c1");
    private String group;
    private TopicPartition tp;
    private TopicPartition other;
    private KafkaConsumer<String, byte[]> consumer;

    @BeforeEach
    void consumer() {
        String topic = "commit-" + IDS.incrementAndGet();
        KAFKA.broker().createTopic(topic, 2);
        tp = new TopicPartition(topic, 0);
        other = new TopicPartition(topic, 1);
        group = "g-" + topic;
        consumer = new KafkaConsumer<>(Map.of("bootstrap.servers", KAFKA.bootstrapServers(), "group.id", group,
                "enable.auto.commit", "false", "default.api.timeout.ms", "10000"),
                new StringDeserializer(), new ByteArrayDeserializer());
        consumer.assign(List.of(tp, other));
        consumer.committed(Set.of(tp));   // finds the group coordinator, as a channel consumer in its group has
    }

    @AfterEach
    void close() {
        consumer.close();
    }

    private Map<TopicPartition, OffsetAndMetadata> committed() throws Exception {
        return KAFKA.broker().admin().listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata().get();
    }

    private static Map<TopicPartition, OffsetAndMetadata> at(TopicPartition tp, long offset) {
        return Map.of(tp, new OffsetAndMetadata(offset));
    }

    @Test
    void pipelinedCommitsAreSentAtOnceAndConfirmedLater() throws Exception {
        TakeCommitter c = new TakeCommitter("c1", consumer, KafkaChannelConfig.TakeCommit.PIPELINED, 0, counters);
        c.commit(at(tp, 3));
        await().untilAsserted(() -> {
            consumer.poll(Duration.ofMillis(10));   // as a channel's next take does: runs the callbacks
            assertThat(committed()).containsEntry(tp, new OffsetAndMetadata(3));
        });
        c.commit(at(tp, 5));   // sent
        c.commit(at(tp, 8));   // waits for 5's callback
        c.commitBeforeClose();   // synchronous: confirmed when it returns
        assertThat(committed()).containsEntry(tp, new OffsetAndMetadata(8));
        assertThat(counters.get(KafkaChannel.COMMIT_FAIL)).isZero();
    }

    @Test
    void withinTheIntervalNewerOffsetsWaitAndCloseCommitsThem() throws Exception {
        TakeCommitter c = new TakeCommitter("c1", consumer, KafkaChannelConfig.TakeCommit.PIPELINED, 60_000, counters);
        c.commit(at(tp, 3));   // the first goes at once
        await().untilAsserted(() -> {
            consumer.poll(Duration.ofMillis(10));
            assertThat(committed()).containsEntry(tp, new OffsetAndMetadata(3));
        });
        c.commit(at(tp, 6));   // within the interval: held
        c.sendUnsent();
        consumer.poll(Duration.ofMillis(50));
        assertThat(committed()).containsEntry(tp, new OffsetAndMetadata(3));
        c.commitBeforeClose();
        assertThat(committed()).containsEntry(tp, new OffsetAndMetadata(6));
    }

    @Test
    void revocationCommitsThePendingOffsetsSynchronously() throws Exception {
        TakeCommitter c = new TakeCommitter("c1", consumer, KafkaChannelConfig.TakeCommit.PIPELINED, 0, counters);
        c.commit(at(tp, 4));
        c.commitRevoked(List.of(tp));
        assertThat(committed()).containsEntry(tp, new OffsetAndMetadata(4));
    }

    @Test
    void syncModeIsConfirmedWhenCommitReturns() throws Exception {
        TakeCommitter c = new TakeCommitter("c1", consumer, KafkaChannelConfig.TakeCommit.SYNC, 0, counters);
        c.commit(at(tp, 2));
        assertThat(committed()).containsEntry(tp, new OffsetAndMetadata(2));
    }

    @Test
    void aFailedAsyncCommitIsCountedAndItsSynchronousRetryFailureSurfaces() throws Exception {
        TakeCommitter c = new TakeCommitter("c1", consumer, KafkaChannelConfig.TakeCommit.PIPELINED, 0, counters);
        // the broker refuses offset metadata over offset.metadata.max.bytes (4096): a real, non-retriable failure
        c.commit(Map.of(other, new OffsetAndMetadata(1, "x".repeat(5000))));
        await().untilAsserted(() -> {
            consumer.poll(Duration.ofMillis(10));
            assertThat(counters.get(KafkaChannel.COMMIT_FAIL)).isEqualTo(1);
        });
        assertThatThrownBy(() -> c.commit(at(tp, 2))).isInstanceOf(KafkaException.class);
        assertThat(counters.get(KafkaChannel.COMMIT_FAIL)).isEqualTo(1);
        // the failed offsets were retried once; later commits are not held hostage by them
        c.commit(at(tp, 3));
        c.commitBeforeClose();
        assertThat(committed()).containsEntry(tp, new OffsetAndMetadata(3));
    }
}
