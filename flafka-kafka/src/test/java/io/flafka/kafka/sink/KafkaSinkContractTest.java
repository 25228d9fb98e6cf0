package io.flafka.kafka.sink;

import io.flafka.api.ComponentProvider;
import io.flafka.testkit.SinkContractTest;
import io.flafka.testkit.kafka.EmbeddedKafkaExtension;
import io.flafka.testkit.kafka.KafkaTestClient;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The sink contract for the Kafka sink, on the embedded broker; one single-partition topic per test. */
class KafkaSinkContractTest extends SinkContractTest {
    @RegisterExtension
    static final EmbeddedKafkaExtension KAFKA = new EmbeddedKafkaExtension();
    private static final AtomicInteger IDS = new AtomicInteger();

    private String topic;

    @Override
    protected ComponentProvider<?> provider() {
        return new KafkaSinkProvider();
    }

    @Override
    protected Map<String, String> config() {
        topic = "contract-sink-" + IDS.incrementAndGet();
        KAFKA.broker().createTopic(topic, 1);
        Map<String, String> m = new HashMap<>();
        m.put("kafka.bootstrap.servers", KAFKA.bootstrapServers());
        m.put("kafka.topic", topic);
        m.put("flumeBatchSize", Integer.toString(batchSize()));
        return m;
    }

    /** Every record in the topic (up to its end offset, so nothing acknowledged is missed), in order. */
    @Override
    protected List<String> delivered() throws Exception {
        TopicPartition tp = new TopicPartition(topic, 0);
        int end = (int) KAFKA.broker().admin().listOffsets(Map.of(tp, OffsetSpec.latest())).all().get().get(tp).offset();
        List<String> out = new ArrayList<>();
        for (ConsumerRecord<String, byte[]> r : new KafkaTestClient(KAFKA.bootstrapServers()).read(topic, end)) {
            out.add(new String(r.value(), StandardCharsets.UTF_8));
        }
        return out;
    }
}
