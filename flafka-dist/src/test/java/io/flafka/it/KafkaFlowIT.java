package io.flafka.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.flafka.testkit.kafka.EmbeddedKafkaExtension;
import java.time.Duration;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Kafka source -> memory channel -> Kafka sink, end to end through the real loader and runtime, while
 * events keep arriving: a second agent in the same consumer group leaves and rejoins (rebalances), and
 * the broker restarts. Nothing may be missing at the output; duplicates are counted and printed.
 */
class KafkaFlowIT {
    static final int EVENTS = 10_000;

    @RegisterExtension
    static final EmbeddedKafkaExtension KAFKA = new EmbeddedKafkaExtension(b -> b
            .property("group.min.session.timeout.ms", "500"));

    static String pipeline(String in, String group, String out) {
        String s = KAFKA.bootstrapServers();
        return String.join("\n",
                "a1.sources = r1",
                "a1.channels = c1",
                "a1.sinks = k1",
                "a1.sources.r1.type = kafka",
                "a1.sources.r1.channels = c1",
                "a1.sources.r1.kafka.bootstrap.servers = " + s,
                "a1.sources.r1.kafka.topics = " + in,
                "a1.sources.r1.kafka.consumer.group.id = " + group,
                "a1.sources.r1.kafka.consumer.auto.offset.reset = earliest",
                "a1.sources.r1.kafka.consumer.session.timeout.ms = 3000",
                "a1.sources.r1.kafka.consumer.heartbeat.interval.ms = 500",
                "a1.sources.r1.batchSize = 100",
                "a1.sources.r1.batchDurationMillis = 200",
                "a1.channels.c1.type = memory",
                "a1.channels.c1.capacity = 10000",
                "a1.channels.c1.transactionCapacity = 100",
                "a1.sinks.k1.type = kafka",
                "a1.sinks.k1.channel = c1",
                "a1.sinks.k1.kafka.bootstrap.servers = " + s,
                "a1.sinks.k1.kafka.topic = " + out,
                "a1.sinks.k1.allowTopicOverride = false",
                "");
    }

    static void awaitAll(Tally tally, TopicTail out) {
        Awaitility.await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(300))
                .until(() -> out.catchUp() >= EVENTS);
    }

    @Test
    void twoAgentsInOneGroupLoseNothingWhenOneLeavesAndRejoinsMidFlow() throws Exception {
        KAFKA.broker().createTopic("reb-in", 3);
        KAFKA.broker().createTopic("reb-out", 3);
        String conf = pipeline("reb-in", "reb", "reb-out");
        Tally tally = new Tally(EVENTS);
        long acceptedByB;
        try (InProcessAgent a = new InProcessAgent(conf);
             TopicTail out = new TopicTail(KAFKA.bootstrapServers(), "reb-out", tally)) {
            InProcessAgent b = new InProcessAgent(conf);
            InProcessAgent rejoined = null;
            try (Feeder first = new Feeder(KAFKA.bootstrapServers(), "reb-in", 0, EVENTS / 2, 100, 60).start()) {
                // both members hold partitions and take part in the flow
                Awaitility.await().atMost(Duration.ofSeconds(60))
                        .until(() -> a.accepted("r1") > 0 && b.accepted("r1") > 0);
                first.await(60_000);
            }
            // the second half arrives while b leaves (a takes its partitions over) and rejoins (they are split again)
            try (Feeder second = new Feeder(KAFKA.bootstrapServers(), "reb-in", EVENTS / 2, EVENTS, 100, 60).start()) {
                b.close();
                acceptedByB = b.accepted("r1");
                int sentAtLeave = second.sent();
                Awaitility.await().atMost(Duration.ofSeconds(60)).until(() -> second.sent() >= sentAtLeave + 1_000
                        || second.sent() == EVENTS);
                rejoined = new InProcessAgent(conf);
                second.await(60_000);
                awaitAll(tally, out);
                System.out.println("[rebalance] the rejoined agent accepted " + rejoined.accepted("r1") + " events");
            } finally {
                b.close();
                if (rejoined != null) {
                    rejoined.close();
                }
            }
            out.catchUp();
        }
        System.out.println("[rebalance] agent b accepted " + acceptedByB + " events before leaving; " + tally.summary());
        assertThat(acceptedByB).isPositive();
        assertThat(tally.missing()).as(tally.summary()).isEmpty();
    }

    @Test
    void sourceToSinkLosesNothingAcrossABrokerRestartMidFlow() throws Exception {
        KAFKA.broker().createTopic("brr-in", 3);
        KAFKA.broker().createTopic("brr-out", 3);
        Tally tally = new Tally(EVENTS);
        long accepted;
        try (InProcessAgent agent = new InProcessAgent(pipeline("brr-in", "brr", "brr-out"));
             TopicTail out = new TopicTail(KAFKA.bootstrapServers(), "brr-out", tally);
             Feeder first = new Feeder(KAFKA.bootstrapServers(), "brr-in", 0, EVENTS / 2, 100, 60).start()) {
            Awaitility.await().atMost(Duration.ofSeconds(60)).until(() -> out.catchUp() > 1_000);
            // the second half is sent while the broker restarts
            try (Feeder second = new Feeder(KAFKA.bootstrapServers(), "brr-in", EVENTS / 2, EVENTS, 100, 60)
                    .start()) {
                KAFKA.broker().restart();
                first.await(90_000);
                second.await(90_000);
            }
            awaitAll(tally, out);
            agent.agent.stop();     // drains the memory channel
            out.catchUp();
            accepted = agent.accepted("r1");
            System.out.println("[broker restart] source accepted " + accepted + "; " + tally.summary());
        }
        assertThat(tally.missing()).as(tally.summary()).isEmpty();
        // every event the source counted went out (a sink retry may add duplicates the source never saw)
        assertThat(accepted).isBetween((long) EVENTS, (long) EVENTS + tally.duplicates());
    }

    @Test
    void kafkaSourceAndChannelWorkUnderTheConsumerGroupProtocol() throws Exception {
        KAFKA.broker().createTopic("kip848-in", 3);
        KAFKA.broker().createTopic("kip848-channel", 3);
        KAFKA.broker().createTopic("kip848-out", 3);
        String s = KAFKA.bootstrapServers();
        String conf = String.join("\n",
                "a1.sources = r1",
                "a1.channels = c1",
                "a1.sinks = k1",
                "a1.sources.r1.type = kafka",
                "a1.sources.r1.channels = c1",
                "a1.sources.r1.kafka.bootstrap.servers = " + s,
                "a1.sources.r1.kafka.topics = kip848-in",
                "a1.sources.r1.kafka.consumer.group.id = kip848-source",
                "a1.sources.r1.kafka.consumer.group.protocol = consumer",
                "a1.sources.r1.kafka.consumer.auto.offset.reset = earliest",
                "a1.sources.r1.batchDurationMillis = 200",
                "a1.channels.c1.type = kafka",
                "a1.channels.c1.kafka.bootstrap.servers = " + s,
                "a1.channels.c1.kafka.topic = kip848-channel",
                "a1.channels.c1.kafka.consumer.group.id = kip848-channel",
                "a1.channels.c1.kafka.consumer.group.protocol = consumer",
                "a1.sinks.k1.type = kafka",
                "a1.sinks.k1.channel = c1",
                "a1.sinks.k1.kafka.bootstrap.servers = " + s,
                "a1.sinks.k1.kafka.topic = kip848-out",
                "a1.sinks.k1.allowTopicOverride = false",
                "");
        int n = 1_000;
        Tally tally = new Tally(n);
        try (Feeder feeder = new Feeder(s, "kip848-in", n, 100, 0).start();
             InProcessAgent agent = new InProcessAgent(conf);
             TopicTail out = new TopicTail(s, "kip848-out", tally)) {
            feeder.await(60_000);
            Awaitility.await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(300))
                    .until(() -> out.catchUp() >= n);
        }
        assertThat(tally.missing()).as(tally.summary()).isEmpty();
    }
}
