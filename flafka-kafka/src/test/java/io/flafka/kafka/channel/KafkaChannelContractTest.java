package io.flafka.kafka.channel;

import io.flafka.api.Channel;
import io.flafka.kafka.testing.Components;
import io.flafka.testkit.ChannelContractTest;
import io.flafka.testkit.kafka.EmbeddedKafkaExtension;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The channel contract for the Kafka channel, on the embedded broker: a fresh single-partition topic
 * (so the order is the topic's) and group per channel. The channel holds what the topic holds, so it
 * has no capacity and no per-transaction bound to enforce.
 */
class KafkaChannelContractTest extends ChannelContractTest {
    @RegisterExtension
    static final EmbeddedKafkaExtension KAFKA = new EmbeddedKafkaExtension();
    private static final AtomicInteger IDS = new AtomicInteger();

    @Override
    protected Channel createChannel(int capacity, int transactionCapacity) throws Exception {
        String topic = "contract-chan-" + IDS.incrementAndGet();
        KAFKA.broker().createTopic(topic, 1);
        Map<String, String> m = new HashMap<>();
        m.put("kafka.bootstrap.servers", KAFKA.bootstrapServers());
        m.put("kafka.topic", topic);
        m.put("kafka.consumer.group.id", "g-" + topic);
        m.put("kafka.consumer.auto.offset.reset", "earliest");
        Channel c = Components.create(new KafkaChannelProvider(), "c1", m);
        c.start();
        return c;
    }

    @Override
    protected boolean enforcesCapacity() {
        return false;
    }

    @Override
    protected boolean notifiesPutListeners() {
        return false;   // events arrive through the topic, from this agent or any other
    }

    @Override
    protected boolean enforcesTransactionCapacity() {
        return false;
    }

    @Override
    protected Duration visibilityWait() {
        return Duration.ofSeconds(4);
    }
}
