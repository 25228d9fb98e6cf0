package io.flafka.kafka.channel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.flafka.api.ChannelException;
import io.flafka.api.ComponentContext;
import io.flafka.api.Event;
import io.flafka.api.Transaction;
import io.flafka.api.metrics.ChannelCounter;
import io.flafka.kafka.testing.Components;
import io.flafka.testkit.kafka.KafkaTestClient;
import io.flafka.testkit.kafka.EmbeddedKafkaExtension;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class KafkaChannelTest {
    @RegisterExtension
    static final EmbeddedKafkaExtension KAFKA = new EmbeddedKafkaExtension();
    private static final AtomicInteger IDS = new AtomicInteger();

    private final KafkaChannelProvider provider = new KafkaChannelProvider();
    private final List<KafkaChannel> started = new ArrayList<>();
    private ChannelCounter counters;

    @AfterEach
    void stopAll() {
        started.forEach(KafkaChannel::stop);
    }

    private static String topic(int partitions) {
        String t = "chan-" + IDS.incrementAndGet();
        KAFKA.broker().createTopic(t, partitions);
        return t;
    }

    private static Map<String, String> conf(String topic, String... kv) {
        Map<String, String> m = new HashMap<>();
        m.put("kafka.bootstrap.servers", KAFKA.bootstrapServers());
        m.put("kafka.topic", topic);
        m.put("kafka.consumer.group.id", "g-" + topic);
        m.put("kafka.pollTimeout", "1000");
        for (int i = 0; i < kv.length; i += 2) {
            m.put(kv[i], kv[i + 1]);
        }
        return m;
    }

    private KafkaChannel channel(Map<String, String> raw) {
        ComponentContext ctx = Components.context(provider, "c1", raw);
        counters = ctx.counters(ChannelCounter.class);
        KafkaChannel c = (KafkaChannel) provider.create(ctx);
        c.start();
        started.add(c);
        return c;
    }

    private static Event ev(String body, String... headers) {
        Map<String, String> h = new HashMap<>();
        for (int i = 0; i < headers.length; i += 2) {
            h.put(headers[i], headers[i + 1]);
        }
        return Event.of(body.getBytes(), h);
    }

    private static void put(KafkaChannel c, Event... events) {
        try (Transaction tx = c.begin()) {
            tx.put(List.of(events));
            tx.commit();
        }
    }

    /** Takes until {@code n} events came or a few empty polls in a row, in one transaction. */
    private static List<Event> takeInto(Transaction tx, int n) {
        List<Event> out = new ArrayList<>();
        int empty = 0;
        while (out.size() < n && empty < 20) {
            Event e = tx.take();
            if (e == null) {
                empty++;
            } else {
                out.add(e);
            }
        }
        return out;
    }

    private static long endOffset(String topic) throws Exception {
        TopicPartition tp = new TopicPartition(topic, 0);
        return KAFKA.broker().admin().listOffsets(Map.of(tp, OffsetSpec.latest())).all().get().get(tp).offset();
    }

    @Test
    void aCommittedPutIsInKafkaAndTakesKeepTheHeaders() throws Exception {
        String t = topic(1);
        KafkaChannel c = channel(conf(t));
        put(c, ev("one", "key", "k1", "host", "h"), ev("two"));
        assertThat(endOffset(t)).isEqualTo(2);   // acknowledged before commit returned
        assertThat(counters.get(ChannelCounter.PUT_SUCCESS)).isEqualTo(2);
        ConsumerRecord<String, byte[]> first = new KafkaTestClient(KAFKA.bootstrapServers()).read(t, 2).get(0);
        assertThat(first.key()).isEqualTo("k1");

        try (Transaction tx = c.begin()) {
            List<Event> got = takeInto(tx, 2);
            assertThat(got).containsExactly(ev("one", "key", "k1", "host", "h"), ev("two"));
            tx.commit();
        }
        assertThat(counters.get(ChannelCounter.TAKE_SUCCESS)).isEqualTo(2);
        try (Transaction tx = c.begin()) {
            assertThat(tx.take()).isNull();
            tx.commit();
        }
    }

    @Test
    void aRolledBackTakeIsTakenAgainAndACommittedOneIsNot() {
        String t = topic(1);
        KafkaChannel c = channel(conf(t));
        put(c, ev("a"), ev("b"), ev("c"));
        try (Transaction tx = c.begin()) {
            assertThat(takeInto(tx, 2)).extracting(Event::bodyAsString).containsExactly("a", "b");
            tx.rollback();
        }
        try (Transaction tx = c.begin()) {
            assertThat(takeInto(tx, 3)).extracting(Event::bodyAsString).containsExactly("a", "b", "c");
            tx.commit();
        }
        assertThat(counters.get(KafkaChannel.ROLLBACK_COUNT)).isEqualTo(1);
    }

    @Test
    void offsetsAreCommittedOnlyByATakeCommit() {
        String t = topic(1);
        KafkaChannel c = channel(conf(t));
        put(c, ev("1"), ev("2"));
        Transaction open = c.begin();
        assertThat(takeInto(open, 2)).hasSize(2);
        c.stop();                                   // like a crash: the take never committed
        started.remove(c);

        KafkaChannel again = channel(conf(t));
        try (Transaction tx = again.begin()) {
            assertThat(takeInto(tx, 2)).extracting(Event::bodyAsString).containsExactly("1", "2");
            tx.commit();
        }
        again.stop();
        started.remove(again);

        KafkaChannel third = channel(conf(t));
        try (Transaction tx = third.begin()) {
            assertThat(tx.take()).isNull();
        }
    }

    private static Map<TopicPartition, OffsetAndMetadata> committed(String group) throws Exception {
        return KAFKA.broker().admin().listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata().get();
    }

    @Test
    void pipelinedTakeCommitsReachKafkaEventuallyAndAtStopAtOnce() throws Exception {
        String t = topic(1);
        TopicPartition tp = new TopicPartition(t, 0);
        KafkaChannel c = channel(conf(t));
        assertThat(c.supportsOverlappingTakes()).as("a take borrows a group consumer").isFalse();
        put(c, ev("1"), ev("2"), ev("3"), ev("4"));
        try (Transaction tx = c.begin()) {
            assertThat(takeInto(tx, 2)).hasSize(2);
            tx.commit();
        }
        await().untilAsserted(() -> assertThat(committed("g-" + t)).containsEntry(tp, new OffsetAndMetadata(2)));
        try (Transaction tx = c.begin()) {
            assertThat(takeInto(tx, 2)).hasSize(2);
            tx.commit();
        }
        c.stop();
        started.remove(c);
        assertThat(committed("g-" + t)).containsEntry(tp, new OffsetAndMetadata(4));
        assertThat(counters.get(KafkaChannel.COMMIT_FAIL)).isZero();
    }

    @Test
    void syncTakeCommitModeCommitsBeforeTheCommitReturns() throws Exception {
        String t = topic(1);
        KafkaChannel c = channel(conf(t, "takeCommitMode", "sync"));
        put(c, ev("1"), ev("2"));
        try (Transaction tx = c.begin()) {
            assertThat(takeInto(tx, 2)).hasSize(2);
            tx.commit();
        }
        assertThat(committed("g-" + t)).containsEntry(new TopicPartition(t, 0), new OffsetAndMetadata(2));
    }

    @Test
    void rawFormatKeepsOnlyTheKeyHeader() {
        String t = topic(1);
        KafkaChannel c = channel(conf(t, "parseAsFlumeEvent", "false"));
        put(c, ev("raw", "key", "k", "host", "h"));
        ConsumerRecord<String, byte[]> r = new KafkaTestClient(KAFKA.bootstrapServers()).read(t, 1).get(0);
        assertThat(new String(r.value())).isEqualTo("raw");
        try (Transaction tx = c.begin()) {
            assertThat(takeInto(tx, 1)).containsExactly(ev("raw", "key", "k"));
            tx.commit();
        }
    }

    @Test
    void foreignRecordsThatAreNotFlumeEventsAreSkippedAndCounted() throws Exception {
        String t = topic(1);
        new KafkaTestClient(KAFKA.bootstrapServers()).send(t, "not avro at all");
        KafkaChannel c = channel(conf(t));
        put(c, ev("good"));
        try (Transaction tx = c.begin()) {
            assertThat(takeInto(tx, 1)).extracting(Event::bodyAsString).containsExactly("good");
            tx.commit();
        }
        assertThat(counters.get(KafkaChannel.PARSE_FAIL)).isEqualTo(1);
    }

    @Test
    void partitionsFromHeaderOrDefaultAndABadHeaderFailsThePut() throws Exception {
        String t = topic(3);
        KafkaChannel c = channel(conf(t, "defaultPartitionId", "2", "partitionIdHeader", "p"));
        put(c, ev("d"), ev("h", "p", "1"));
        List<ConsumerRecord<String, byte[]>> rs = new KafkaTestClient(KAFKA.bootstrapServers()).read(t, 2);
        assertThat(rs).filteredOn(r -> new String(r.value()).endsWith("d")).extracting(ConsumerRecord::partition)
                .containsExactly(2);
        assertThat(rs).filteredOn(r -> new String(r.value()).endsWith("h")).extracting(ConsumerRecord::partition)
                .containsExactly(1);
        try (Transaction tx = c.begin()) {
            assertThatThrownBy(() -> tx.put(ev("bad", "p", "x"))).isInstanceOf(ChannelException.class)
                    .hasMessageContaining("'p'").hasMessageContaining("'x'");
        }
    }

    @Test
    void aFailedSendFailsTheCommitAndNothingIsCounted() throws Exception {
        String t = topic(1);
        KafkaChannel c = channel(conf(t, "defaultPartitionId", "7", "kafka.producer.max.block.ms", "1000"));
        Transaction tx = c.begin();
        tx.put(ev("nowhere"));
        assertThatThrownBy(tx::commit).isInstanceOf(ChannelException.class).hasMessageContaining("rolled back");
        tx.close();
        assertThat(counters.get(ChannelCounter.PUT_SUCCESS)).isZero();
        assertThat(counters.get(KafkaChannel.ROLLBACK_COUNT)).isEqualTo(1);
        assertThat(endOffset(t)).isZero();
    }

    @Test
    void aTransactionPutsOrTakesNotBoth() {
        String t = topic(1);
        KafkaChannel c = channel(conf(t));
        try (Transaction tx = c.begin()) {
            tx.put(ev("x"));
            assertThatThrownBy(tx::take).isInstanceOf(ChannelException.class);
        }
    }

    @Test
    void concurrentPuttersAndTakersLoseNothing() throws Exception {
        String t = topic(2);
        KafkaChannel c = channel(conf(t, "kafka.pollTimeout", "200"));
        int perPutter = 100;
        java.util.Set<String> taken = java.util.concurrent.ConcurrentHashMap.newKeySet();
        AtomicInteger takenCount = new AtomicInteger();
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(4);
        try {
            for (int p = 0; p < 2; p++) {
                int id = p;
                pool.submit(() -> {
                    for (int i = 0; i < perPutter; i += 10) {
                        List<Event> batch = new ArrayList<>();
                        for (int j = i; j < i + 10; j++) {
                            batch.add(ev("p" + id + "-" + j, "key", "k" + j));
                        }
                        put(c, batch.toArray(Event[]::new));
                    }
                    return null;
                });
            }
            long deadline = System.currentTimeMillis() + 60_000;
            List<java.util.concurrent.Future<?>> takers = new ArrayList<>();
            for (int k = 0; k < 2; k++) {
                takers.add(pool.submit(() -> {
                    while (taken.size() < 2 * perPutter && System.currentTimeMillis() < deadline) {
                        try (Transaction tx = c.begin()) {
                            List<Event> got = new ArrayList<>();
                            tx.take(25, got);
                            tx.commit();
                            got.forEach(e -> taken.add(e.bodyAsString()));
                            takenCount.addAndGet(got.size());
                        } catch (ChannelException e) {
                            // a commit failed during a rebalance: rolled back, taken again later
                        }
                    }
                    return null;
                }));
            }
            for (java.util.concurrent.Future<?> f : takers) {
                f.get();
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(taken).hasSize(2 * perPutter);                      // at least once
        assertThat(takenCount.get()).isGreaterThanOrEqualTo(2 * perPutter); // duplicates only from rebalances
        assertThat(counters.get(ChannelCounter.PUT_SUCCESS)).isEqualTo(2 * perPutter);
    }

    @Test
    void flumeSpellingsAndDefaults() {
        Map<String, String> old = new HashMap<>();
        old.put("brokerList", "b:1");
        old.put("topic", "t");
        old.put("groupId", "g");
        old.put("pollTimeout", "50");
        old.put("readSmallestOffset", "false");
        old.put("zookeeperConnect", "zk:2181");
        old.put("migrateZookeeperOffsets", "false");
        KafkaChannel c = (KafkaChannel) provider.create(Components.context(provider, "c1", old));
        assertThat(c.consumerProperties()).containsEntry("group.id", "g").containsEntry("bootstrap.servers", "b:1")
                .containsEntry("auto.offset.reset", "latest").containsEntry("enable.auto.commit", "false");
        KafkaChannel d = (KafkaChannel) provider.create(Components.context(provider, "c1",
                Map.of("kafka.bootstrap.servers", "b:1")));
        assertThat(d.consumerProperties()).containsEntry("group.id", "flume").containsEntry("auto.offset.reset", "earliest")
                .containsEntry("partition.assignment.strategy",
                        "org.apache.kafka.clients.consumer.CooperativeStickyAssignor");
        assertThat(d.producerProperties()).containsEntry("acks", "all").containsEntry("enable.idempotence", "true");
        KafkaChannel tls = (KafkaChannel) provider.create(Components.context(provider, "c1", Map.of(
                "kafka.bootstrap.servers", "b:1", "kafka.producer.ssl.disableTLSHostnameVerification", "true",
                "kafka.consumer.ssl.disableTLSHostnameVerification", "true", "kafka.producer.linger.ms", "7",
                "kafka.consumer.enable.auto.commit", "true")));
        assertThat(tls.producerProperties()).containsEntry("ssl.endpoint.identification.algorithm", "")
                .containsEntry("linger.ms", "7").doesNotContainKey("ssl.disableTLSHostnameVerification");
        assertThat(tls.consumerProperties()).containsEntry("ssl.endpoint.identification.algorithm", "")
                .containsEntry("enable.auto.commit", "false");
        assertThat(provider.aliases()).contains("org.apache.flume.channel.kafka.KafkaChannel");
        assertThatThrownBy(() -> Components.context(provider, "c1",
                Map.of("kafka.bootstrap.servers", "b:1", "kafka.producer.transactional.id", "x")))
                .hasMessageContaining("transactional.id");
    }
}
