package io.flafka.it;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * Reads a whole topic from the beginning, without a consumer group, into a {@link Tally}; each
 * {@link #catchUp()} reads what arrived since the last call. Used by the test thread only.
 */
final class TopicTail implements AutoCloseable {
    private final KafkaConsumer<String, byte[]> consumer;
    private final Tally tally;

    TopicTail(String servers, String topic, Tally tally, Map<String, Object> extra) {
        this.tally = tally;
        Map<String, Object> props = new java.util.HashMap<>(extra);
        props.put("bootstrap.servers", servers);
        props.put("enable.auto.commit", "false");
        props.put("auto.offset.reset", "earliest");
        consumer = new KafkaConsumer<>(props, new StringDeserializer(), new ByteArrayDeserializer());
        List<TopicPartition> tps = new ArrayList<>();
        consumer.partitionsFor(topic, Duration.ofSeconds(30))
                .forEach(p -> tps.add(new TopicPartition(topic, p.partition())));
        consumer.assign(tps);
        consumer.seekToBeginning(tps);
    }

    TopicTail(String servers, String topic, Tally tally) {
        this(servers, topic, tally, Map.of());
    }

    /** Polls until a poll returns nothing; returns the tally's unique count. */
    int catchUp() {
        while (true) {
            int n = 0;
            for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(200))) {
                tally.add(new String(r.value(), StandardCharsets.UTF_8));
                n++;
            }
            if (n == 0) {
                return tally.unique();
            }
        }
    }

    @Override
    public void close() {
        consumer.close(Duration.ofSeconds(5));
    }
}
