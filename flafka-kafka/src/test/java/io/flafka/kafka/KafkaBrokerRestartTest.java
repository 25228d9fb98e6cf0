package io.flafka.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.flafka.api.ComponentContext;
import io.flafka.api.Event;
import io.flafka.api.EventDeliveryException;
import io.flafka.api.PollableSource;
import io.flafka.api.Sink;
import io.flafka.api.metrics.SinkCounter;
import io.flafka.kafka.sink.KafkaSinkProvider;
import io.flafka.kafka.source.KafkaSourceProvider;
import io.flafka.kafka.testing.Components;
import io.flafka.kafka.testing.InMemoryChannel;
import io.flafka.testkit.kafka.KafkaTestClient;
import io.flafka.kafka.testing.RecordingProcessor;
import io.flafka.testkit.kafka.EmbeddedKafkaExtension;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The Kafka components across a broker restart (own broker: the tests stop it). */
class KafkaBrokerRestartTest {
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
    void theSinkRollsBackWhileTheBrokerIsDownAndDeliversOnceItIsBack() throws Exception {
        KAFKA.broker().createTopic("restart-sink", 1);
        InMemoryChannel channel = new InMemoryChannel();
        KafkaSinkProvider provider = new KafkaSinkProvider();
        ComponentContext ctx = Components.context(provider, "k1", map("kafka.topic", "restart-sink",
                "kafka.producer.delivery.timeout.ms", "3000", "kafka.producer.request.timeout.ms", "1000",
                "kafka.producer.max.block.ms", "2000", "kafka.producer.reconnect.backoff.max.ms", "200"));
        SinkCounter counters = ctx.counters(SinkCounter.class);
        Sink sink = provider.create(ctx);
        sink.start(channel);
        try {
            channel.add(Event.ofString("before-1"), Event.ofString("before-2"));
            sink.process();

            KAFKA.broker().stop();
            channel.add(Event.ofString("during-1"), Event.ofString("during-2"));
            assertThatThrownBy(sink::process).isInstanceOf(EventDeliveryException.class);
            assertThat(channel.size()).isEqualTo(2);
            assertThat(counters.get(SinkCounter.EVENT_WRITE_FAIL)).isEqualTo(2);

            KAFKA.broker().start();
            await().atMost(Duration.ofSeconds(60)).until(() -> {
                try {
                    sink.process();
                } catch (EventDeliveryException e) {
                    return false;
                }
                return channel.size() == 0;
            });
        } finally {
            sink.stop();
        }
        assertThat(new KafkaTestClient(KAFKA.bootstrapServers()).read("restart-sink", 4, 300))
                .extracting(r -> new String(r.value())).containsExactly("before-1", "before-2", "during-1", "during-2");
    }

    @Test
    void stoppingTheSinkUnblocksABatchWaitingForAnAbsentBroker() throws Exception {
        KAFKA.broker().createTopic("restart-stop", 1);
        InMemoryChannel channel = new InMemoryChannel();
        Sink sink = Components.create(new KafkaSinkProvider(), "k1", map("kafka.topic", "restart-stop"));
        sink.start(channel);
        channel.add(Event.ofString("warm-up"));
        sink.process();   // metadata known: the next sends queue up instead of failing fast
        KAFKA.broker().stop();
        try {
            channel.add(Event.ofString("stuck-1"), Event.ofString("stuck-2"));
            java.util.concurrent.CompletableFuture<Throwable> outcome = java.util.concurrent.CompletableFuture
                    .supplyAsync(() -> {
                        try {
                            sink.process();
                            return null;
                        } catch (Exception e) {
                            return e;
                        }
                    });
            Thread.sleep(1_000);  // the batch now waits for acknowledgements (delivery.timeout.ms is 2 minutes)
            assertThat(outcome).isNotDone();
            sink.stop();
            assertThat(outcome.get(30, java.util.concurrent.TimeUnit.SECONDS)).isInstanceOf(EventDeliveryException.class);
            assertThat(channel.size()).isEqualTo(2);
        } finally {
            KAFKA.broker().start();
        }
    }

    @Test
    void theSourceCarriesOnAfterABrokerRestartWithoutRereading() throws Exception {
        KAFKA.broker().createTopic("restart-source", 1);
        KafkaTestClient client = new KafkaTestClient(KAFKA.bootstrapServers());
        client.send("restart-source", "a", "b", "c");
        RecordingProcessor processor = new RecordingProcessor();
        PollableSource source = (PollableSource) Components.create(new KafkaSourceProvider(), "r1",
                map("kafka.topics", "restart-source", "kafka.consumer.auto.offset.reset", "earliest",
                        "batchDurationMillis", "300"));
        source.start(processor);
        try {
            await().atMost(Duration.ofSeconds(30)).until(() -> {
                source.process();
                return processor.count() == 3;
            });
            KAFKA.broker().restart();
            client.send("restart-source", "d", "e");
            await().atMost(Duration.ofSeconds(60)).until(() -> {
                try {
                    source.process();
                } catch (Exception e) {
                    return false;
                }
                return processor.count() >= 5;
            });
        } finally {
            source.stop();
        }
        assertThat(processor.events()).extracting(Event::bodyAsString).containsExactly("a", "b", "c", "d", "e");
    }
}
