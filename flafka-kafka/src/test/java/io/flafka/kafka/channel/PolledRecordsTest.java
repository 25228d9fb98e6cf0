package io.flafka.kafka.channel;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

class PolledRecordsTest {
    private static final TopicPartition P0 = new TopicPartition("t", 0);
    private static final TopicPartition P1 = new TopicPartition("t", 1);

    private static ConsumerRecords<String, byte[]> poll(TopicPartition tp, long from, int n) {
        List<ConsumerRecord<String, byte[]>> l = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            l.add(new ConsumerRecord<>(tp.topic(), tp.partition(), from + i, null, new byte[0]));
        }
        Map<TopicPartition, List<ConsumerRecord<String, byte[]>>> m = new LinkedHashMap<>();
        m.put(tp, l);
        return new ConsumerRecords<>(m, Map.of());
    }

    private static List<String> drain(PolledRecords b) {
        List<String> out = new ArrayList<>();
        for (ConsumerRecord<String, byte[]> r = b.poll(); r != null; r = b.poll()) {
            out.add(r.partition() + "@" + r.offset());
        }
        return out;
    }

    @Test
    void handsOutRecordsInPollOrderAcrossPolls() {
        PolledRecords b = new PolledRecords();
        assertThat(b.isEmpty()).isTrue();
        assertThat(b.poll()).isNull();
        b.addAll(poll(P0, 10, 2));
        b.addAll(poll(P1, 0, 1));
        assertThat(b.isEmpty()).isFalse();
        assertThat(drain(b)).containsExactly("0@10", "0@11", "1@0");
        assertThat(b.isEmpty()).isTrue();
    }

    @Test
    void removingPartitionsDropsTheirRecordsIncludingThePartOneBeingRead() {
        PolledRecords b = new PolledRecords();
        b.addAll(poll(P0, 0, 3));
        b.addAll(poll(P1, 0, 2));
        b.addAll(poll(P0, 3, 1));
        assertThat(b.poll().offset()).isZero();
        b.remove(Set.of(P0));
        assertThat(drain(b)).containsExactly("1@0", "1@1");
        b.addAll(poll(P0, 0, 1));
        b.remove(Set.of(P1));
        assertThat(drain(b)).containsExactly("0@0");
    }
}
