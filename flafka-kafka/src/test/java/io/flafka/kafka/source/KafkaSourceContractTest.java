package io.flafka.kafka.source;

import io.flafka.api.ComponentProvider;
import io.flafka.api.Source;
import io.flafka.testkit.SourceContractTest;
import io.flafka.testkit.kafka.EmbeddedKafkaExtension;
import io.flafka.testkit.kafka.KafkaTestClient;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The source contract for the Kafka source, on the embedded broker; a fresh topic and group per test. */
class KafkaSourceContractTest extends SourceContractTest {
    @RegisterExtension
    static final EmbeddedKafkaExtension KAFKA = new EmbeddedKafkaExtension();
    private static final AtomicInteger IDS = new AtomicInteger();

    private String topic;
    private final AtomicInteger seq = new AtomicInteger();

    @Override
    protected ComponentProvider<?> provider() {
        return new KafkaSourceProvider();
    }

    @Override
    protected Map<String, String> config() {
        topic = "contract-src-" + IDS.incrementAndGet();
        KAFKA.broker().createTopic(topic, 2);
        Map<String, String> m = new HashMap<>();
        m.put("kafka.bootstrap.servers", KAFKA.bootstrapServers());
        m.put("kafka.topics", topic);
        m.put("kafka.consumer.group.id", "g-" + topic);
        m.put("kafka.consumer.auto.offset.reset", "earliest");
        m.put("batchDurationMillis", "200");
        return m;
    }

    /** Records written to the topic are acknowledged upstream once the broker has them. */
    @Override
    protected List<String> produce(Source source, int n) throws Exception {
        List<String> bodies = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            bodies.add(topic + "-" + seq.incrementAndGet());
        }
        new KafkaTestClient(KAFKA.bootstrapServers()).send(topic, bodies.toArray(new String[0]));
        return bodies;
    }
}
