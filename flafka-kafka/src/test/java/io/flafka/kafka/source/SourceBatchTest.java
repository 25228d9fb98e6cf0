package io.flafka.kafka.source;

import static org.assertj.core.api.Assertions.assertThat;

import io.flafka.api.config.Config;
import io.flafka.api.metrics.SourceCounter;
import io.flafka.core.metrics.CounterRegistry;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.record.TimestampType;
import org.junit.jupiter.api.Test;

class SourceBatchTest {
    private final SourceCounter counters = new CounterRegistry().source("s1");

    private SourceBatch batch(int size, boolean flumeFormat) {
        Config c = Config.parse(KafkaSourceConfig.DEF, Map.of("kafka.bootstrap.servers", "127.0.0.1:1",
                "kafka.topics", "t", "useFlumeEventFormat", Boolean.toString(flumeFormat)));
        return new SourceBatch("s1", size, new RecordConverter(c), counters);
    }

    private static ConsumerRecord<String, byte[]> record(String topic, int partition, long offset) {
        return new ConsumerRecord<>(topic, partition, offset, 0L, TimestampType.CREATE_TIME, 0, 0, null,
                ("v" + offset).getBytes(), new RecordHeaders(), Optional.empty());
    }

    /** Records polled in this order, as ConsumerRecords (grouped per partition in insertion order). */
    private static ConsumerRecords<String, byte[]> polled(List<ConsumerRecord<String, byte[]>> in) {
        Map<TopicPartition, List<ConsumerRecord<String, byte[]>>> m = new java.util.LinkedHashMap<>();
        for (ConsumerRecord<String, byte[]> r : in) {
            m.computeIfAbsent(new TopicPartition(r.topic(), r.partition()), k -> new ArrayList<>()).add(r);
        }
        Map<TopicPartition, OffsetAndMetadata> next = new HashMap<>();
        return new ConsumerRecords<>(m, next);
    }

    private static List<String> runEnds(SourceBatch b) {
        List<String> out = new ArrayList<>();
        b.forEachRunEnd(r -> out.add(r.topic() + "-" + r.partition() + "@" + r.offset()));
        return out;
    }

    @Test
    void fillsUpToBatchSizeAndKeepsTheRestForTheNextBatch() {
        SourceBatch b = batch(3, false);
        b.add(polled(List.of(record("t", 0, 0), record("t", 0, 1), record("t", 1, 5), record("t", 1, 6),
                record("t", 2, 9))));
        assertThat(b.size()).isEqualTo(3);
        assertThat(b.isFull()).isTrue();
        assertThat(runEnds(b)).containsExactly("t-0@1", "t-1@5");

        SourceBatch first = b.detach();
        assertThat(first.events()).extracting(e -> new String(e.body())).containsExactly("v0", "v1", "v5");
        assertThat(runEnds(first)).containsExactly("t-0@1", "t-1@5");
        assertThat(b.isEmpty()).isTrue();

        b.fill();
        assertThat(b.size()).isEqualTo(2);
        assertThat(runEnds(b)).containsExactly("t-1@6", "t-2@9");
        // the detached batch is untouched by the refill
        assertThat(first.size()).isEqualTo(3);
        assertThat(first.events()).hasSize(3);
    }

    @Test
    void undecodableRecordsKeepTheirOffsetsButGiveNoEvent() {
        SourceBatch b = batch(10, true);   // Flume's Avro format: "v0" etc. are not AvroFlumeEvents
        b.add(polled(List.of(record("t", 0, 0), record("t", 0, 1))));
        assertThat(b.size()).isEqualTo(2);
        SourceBatch d = b.detach();
        assertThat(d.events()).isEmpty();
        assertThat(runEnds(d)).containsExactly("t-0@1");
        assertThat(counters.get(SourceCounter.EVENT_READ_FAIL)).isEqualTo(2);
    }

    @Test
    void forgetDropsRevokedPartitionsAndRecomputesRunEnds() {
        SourceBatch b = batch(10, false);
        b.add(polled(List.of(record("t", 0, 0), record("t", 1, 3), record("t", 1, 4), record("t", 0, 1))));
        b.forget(List.of(new TopicPartition("t", 1)));
        assertThat(b.size()).isEqualTo(2);
        assertThat(runEnds(b)).containsExactly("t-0@1");
        assertThat(b.detach().events()).extracting(e -> new String(e.body())).containsExactly("v0", "v1");
    }
}
