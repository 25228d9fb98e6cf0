package io.flafka.testkit.kafka;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Plain Kafka clients for tests: write records (acks=all, waiting for each), read a topic from the
 * start without a consumer group. Each call opens and closes its own client; thread-safe.
 */
public final class KafkaTestClient {
    private final String servers;

    public KafkaTestClient(String servers) {
        this.servers = servers;
    }

    public KafkaProducer<String, byte[]> producer() {
        return new KafkaProducer<>(Map.of("bootstrap.servers", servers, "acks", "all", "linger.ms", 0),
                new StringSerializer(), new ByteArraySerializer());
    }

    /** Sends and waits for every record. */
    public void send(List<ProducerRecord<String, byte[]>> records) throws Exception {
        try (KafkaProducer<String, byte[]> p = producer()) {
            List<java.util.concurrent.Future<?>> fs = new ArrayList<>();
            for (ProducerRecord<String, byte[]> r : records) {
                fs.add(p.send(r));
            }
            for (java.util.concurrent.Future<?> f : fs) {
                f.get();
            }
        }
    }

    public void send(String topic, String... values) throws Exception {
        List<ProducerRecord<String, byte[]>> rs = new ArrayList<>();
        for (String v : values) {
            rs.add(new ProducerRecord<>(topic, v.getBytes()));
        }
        send(rs);
    }

    /** Reads until {@code expected} records arrived (or 20 s passed), then {@code settleMs} more for extras. */
    public List<ConsumerRecord<String, byte[]>> read(String topic, int expected, long settleMs) {
        List<ConsumerRecord<String, byte[]>> out = new ArrayList<>();
        try (KafkaConsumer<String, byte[]> c = new KafkaConsumer<>(Map.of("bootstrap.servers", servers,
                "auto.offset.reset", "earliest", "enable.auto.commit", "false"),
                new StringDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> tps = new ArrayList<>();
            c.partitionsFor(topic).forEach(p -> tps.add(new TopicPartition(topic, p.partition())));
            c.assign(tps);
            c.seekToBeginning(tps);
            long deadline = System.currentTimeMillis() + 20_000;
            while (out.size() < expected && System.currentTimeMillis() < deadline) {
                c.poll(Duration.ofMillis(100)).forEach(out::add);
            }
            long settle = System.currentTimeMillis() + settleMs;
            while (System.currentTimeMillis() < settle) {
                c.poll(Duration.ofMillis(50)).forEach(out::add);
            }
        }
        return out;
    }

    public List<ConsumerRecord<String, byte[]>> read(String topic, int expected) {
        return read(topic, expected, 0);
    }

    public static String header(ConsumerRecord<?, ?> r, String name) {
        Header h = r.headers().lastHeader(name);
        return h == null ? null : new String(h.value(), java.nio.charset.StandardCharsets.UTF_8);
    }
}
