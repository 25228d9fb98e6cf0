package io.flafka.kafka.sink;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.flafka.api.ComponentContext;
import io.flafka.api.Event;
import io.flafka.api.EventDeliveryException;
import io.flafka.api.Status;
import io.flafka.api.metrics.SinkCounter;
import io.flafka.kafka.avro.AvroFlumeEventCodec;
import io.flafka.kafka.common.KafkaHeaders;
import io.flafka.kafka.testing.Components;
import io.flafka.kafka.testing.InMemoryChannel;
import io.flafka.testkit.kafka.KafkaTestClient;
import io.flafka.testkit.kafka.EmbeddedKafkaExtension;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class KafkaSinkTest {
    @RegisterExtension
    static final EmbeddedKafkaExtension KAFKA = new EmbeddedKafkaExtension();
    private static final AtomicInteger TOPICS = new AtomicInteger();

    private final KafkaSinkProvider provider = new KafkaSinkProvider();
    private final InMemoryChannel channel = new InMemoryChannel();
    private final List<KafkaSink> started = new ArrayList<>();
    private SinkCounter counters;

    @AfterEach
    void stopSinks() {
        started.forEach(KafkaSink::stop);
    }

    private static String topic(int partitions) {
        String t = "sink-" + TOPICS.incrementAndGet();
        KAFKA.broker().createTopic(t, partitions);
        return t;
    }

    private Map<String, String> conf(String... kv) {
        Map<String, String> m = new HashMap<>();
        m.put("kafka.bootstrap.servers", KAFKA.bootstrapServers());
        m.put("kafka.producer.linger.ms", "5");
        for (int i = 0; i < kv.length; i += 2) {
            m.put(kv[i], kv[i + 1]);
        }
        return m;
    }

    private KafkaSink sink(Map<String, String> raw) {
        ComponentContext ctx = Components.context(provider, "k1", raw);
        counters = ctx.counters(SinkCounter.class);
        KafkaSink s = (KafkaSink) provider.create(ctx);
        s.start(channel);
        started.add(s);
        return s;
    }

    private List<ConsumerRecord<String, byte[]>> read(String topic, int n) {
        return new KafkaTestClient(KAFKA.bootstrapServers()).read(topic, n, 200);
    }

    private static Event ev(String body, String... headers) {
        Map<String, String> h = new HashMap<>();
        for (int i = 0; i < headers.length; i += 2) {
            h.put(headers[i], headers[i + 1]);
        }
        return Event.of(body.getBytes(), h);
    }

    @Test
    void sendsBodiesWithKeysToTheConfiguredTopicAndCountsTheBatch() throws Exception {
        String t = topic(1);
        KafkaSink s = sink(conf("kafka.topic", t));
        channel.add(ev("a", "key", "k1"), ev("b"), ev("c", "key", "k3"));
        assertThat(s.process()).isEqualTo(Status.READY);
        assertThat(channel.size()).isZero();
        List<ConsumerRecord<String, byte[]>> rs = read(t, 3);
        assertThat(rs).extracting(r -> new String(r.value())).containsExactly("a", "b", "c");
        assertThat(rs).extracting(ConsumerRecord::key).containsExactly("k1", null, "k3");
        assertThat(counters.get(SinkCounter.DRAIN_ATTEMPT)).isEqualTo(3);
        assertThat(counters.get(SinkCounter.DRAIN_SUCCESS)).isEqualTo(3);
        assertThat(counters.get(SinkCounter.BATCH_UNDERFLOW)).isEqualTo(1);
        assertThat(counters.get(SinkCounter.CONNECTION_CREATED)).isEqualTo(1);
        assertThat(s.process()).isEqualTo(Status.BACKOFF);
        assertThat(counters.get(SinkCounter.BATCH_EMPTY)).isEqualTo(1);
    }

    @Test
    void defaultTopicIsDefaultFlumeTopic() throws Exception {
        KAFKA.broker().createTopic("default-flume-topic", 1);
        KafkaSink s = sink(conf());
        channel.add(ev("to-default"));
        s.process();
        assertThat(read("default-flume-topic", 1)).extracting(r -> new String(r.value())).contains("to-default");
    }

    @Test
    void commitsTheChannelOnlyAfterEveryRecordIsAcknowledged() throws Exception {
        String t = topic(2);
        KafkaSink s = sink(conf("kafka.topic", t, "flumeBatchSize", "50"));
        List<Event> events = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            events.add(ev("e" + i, "key", "k" + i));
        }
        channel.add(events);
        AtomicReference<Integer> visibleAtCommit = new AtomicReference<>();
        channel.beforeTakeCommit(taken -> visibleAtCommit.set(read(t, 50).size()));
        while (s.process() == Status.READY) {
            // a full batch stays in flight until the next call finds the channel empty
        }
        assertThat(visibleAtCommit.get()).isEqualTo(50);
        assertThat(counters.get(SinkCounter.BATCH_COMPLETE)).isEqualTo(1);
    }

    private static List<Event> numbered(String prefix, int n) {
        List<Event> events = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            events.add(ev(prefix + i));
        }
        return events;
    }

    private static List<String> bodies(List<Event> events) {
        return events.stream().map(Event::bodyAsString).toList();
    }

    /**
     * A sink of 2-event batches whose records linger in the producer until it flushes (or closes), so
     * full batches surely stay in flight; the channel holds {@code events} numbered events.
     */
    private KafkaSink lingeringSink(String topic, int maxInFlight, int events) {
        KafkaSink s = sink(conf("kafka.topic", topic, "flumeBatchSize", "2", "maxInFlightBatches",
                Integer.toString(maxInFlight), "kafka.producer.linger.ms", "60000"));
        channel.add(numbered("e", events));
        return s;
    }

    @Test
    void keepsSeveralBatchesInFlightAndCommitsThemInOrder() throws Exception {
        String t = topic(1);
        KafkaSink s = lingeringSink(t, 3, 7);
        List<String> committed = new CopyOnWriteArrayList<>();
        channel.beforeTakeCommit(taken -> committed.addAll(bodies(taken)));
        assertThat(s.process()).isEqualTo(Status.READY);
        assertThat(s.process()).isEqualTo(Status.READY);
        assertThat(s.process()).isEqualTo(Status.READY);
        assertThat(channel.commits.get()).as("three full batches sent, none acknowledged yet").isZero();
        assertThat(channel.size()).isEqualTo(1);
        // the fourth call finds the pipeline full: it flushes the lingering records, commits the three
        // batches in order, then takes the last, short batch and delivers it at once
        assertThat(s.process()).isEqualTo(Status.READY);
        assertThat(committed).containsExactly("e0", "e1", "e2", "e3", "e4", "e5", "e6");
        assertThat(channel.commits.get()).isEqualTo(4);
        assertThat(read(t, 7)).extracting(r -> new String(r.value()))
                .containsExactly("e0", "e1", "e2", "e3", "e4", "e5", "e6");
        assertThat(counters.get(SinkCounter.DRAIN_SUCCESS)).isEqualTo(7);
        assertThat(s.process()).isEqualTo(Status.BACKOFF);
    }

    @Test
    void aFailedEarlierBatchRollsBackEveryLaterOneInOrder() throws Exception {
        String t = topic(1);
        KafkaSink s = lingeringSink(t, 4, 6);
        AtomicInteger commitsSeen = new AtomicInteger();
        channel.beforeTakeCommit(taken -> {
            if (commitsSeen.incrementAndGet() == 1) {
                throw new io.flafka.api.ChannelException("test: the first commit fails");
            }
        });
        for (int i = 0; i < 3; i++) {
            assertThat(s.process()).isEqualTo(Status.READY);   // three full batches in flight
        }
        assertThatThrownBy(s::process).isInstanceOf(EventDeliveryException.class)
                .hasMessageContaining("refused to commit");
        assertThat(commitsSeen.get()).as("no later batch is committed after the failure").isEqualTo(1);
        assertThat(bodies(channel.snapshot())).containsExactly("e0", "e1", "e2", "e3", "e4", "e5");
        assertThat(channel.rollbacks.get()).isEqualTo(3);
        assertThat(counters.get(KafkaSink.ROLLBACK_COUNT)).isEqualTo(3);
        assertThat(counters.get(SinkCounter.DRAIN_SUCCESS)).isZero();
        // at-least-once: the records were written and the retry writes them again
        channel.beforeTakeCommit(taken -> { });
        while (s.process() == Status.READY) {
            // drain
        }
        assertThat(channel.size()).isZero();
        assertThat(read(t, 12)).hasSize(12);
    }

    @Test
    void stopCommitsTheAcknowledgedBatchesInFlight() throws Exception {
        String t = topic(1);
        KafkaSink s = lingeringSink(t, 4, 6);
        for (int i = 0; i < 3; i++) {
            assertThat(s.process()).isEqualTo(Status.READY);
        }
        assertThat(channel.commits.get()).isZero();
        s.stop();   // closing the producer sends what lingers and waits (briefly) for the acknowledgements
        assertThat(channel.commits.get()).isEqualTo(3);
        assertThat(channel.size()).isZero();
        assertThat(counters.get(SinkCounter.DRAIN_SUCCESS)).isEqualTo(6);
        assertThat(read(t, 6)).hasSize(6);
    }

    @Test
    void stopRollsBackBatchesThatCannotBeAcknowledged() throws Exception {
        // an unreachable broker: the producer never connects, so nothing is acknowledged before stop
        KafkaSink s = sink(Map.of("kafka.bootstrap.servers", "127.0.0.1:1", "kafka.topic", "t",
                "flumeBatchSize", "2", "kafka.producer.max.block.ms", "60000"));
        channel.add(numbered("e", 4));
        Thread runner = new Thread(() -> {
            try {
                s.process();
            } catch (Exception e) {
                // expected once stop closes the producer
            }
        });
        runner.start();
        await().until(() -> channel.size() == 2);   // the first batch is taken; its send waits for metadata
        s.stop();
        runner.join(30_000);
        assertThat(runner.isAlive()).isFalse();
        assertThat(channel.commits.get()).isZero();
        assertThat(bodies(channel.snapshot())).containsExactly("e0", "e1", "e2", "e3");
    }

    @Test
    void aFullPipelineWithAShortLingerWaitsForItsOldestBatchAndDeliversEverythingInOrder() throws Exception {
        String t = topic(1);
        // linger.ms 5 (conf's): the producer sends every batch by itself, so a full pipeline only waits
        KafkaSink s = sink(conf("kafka.topic", t, "flumeBatchSize", "2", "maxInFlightBatches", "2"));
        channel.add(numbered("e", 9));
        List<String> committed = new CopyOnWriteArrayList<>();
        channel.beforeTakeCommit(taken -> committed.addAll(bodies(taken)));
        int batches = 0;
        while (s.process() == Status.READY) {
            batches++;
            assertThat(batches - channel.commits.get()).as("batches in flight").isLessThanOrEqualTo(2);
        }
        assertThat(batches).isEqualTo(5);
        assertThat(committed).containsExactly("e0", "e1", "e2", "e3", "e4", "e5", "e6", "e7", "e8");
        assertThat(channel.size()).isZero();
        assertThat(counters.get(SinkCounter.DRAIN_SUCCESS)).isEqualTo(9);
        assertThat(read(t, 9)).extracting(r -> new String(r.value()))
                .containsExactly("e0", "e1", "e2", "e3", "e4", "e5", "e6", "e7", "e8");
    }

    @Test
    void flushesAFullPipelineOnlyWhenRecordsCanLingerLongerThanTheNudge() {
        assertThat(KafkaSink.lingersLongerThanNudge(Map.of())).as("the client's default linger.ms").isFalse();
        assertThat(KafkaSink.lingersLongerThanNudge(Map.of("linger.ms", "5"))).isFalse();
        assertThat(KafkaSink.lingersLongerThanNudge(Map.of("linger.ms", Long.toString(KafkaSink.NUDGE_MS))))
                .isFalse();
        assertThat(KafkaSink.lingersLongerThanNudge(Map.of("linger.ms", " 60000 "))).isTrue();
        assertThat(KafkaSink.lingersLongerThanNudge(Map.of("linger.ms", 1000))).isTrue();
    }

    @Test
    void aChannelWithoutOverlappingTakesGetsOneBatchInFlight() throws Exception {
        String t = topic(1);
        channel.overlappingTakes(false);
        KafkaSink s = lingeringSink(t, 4, 4);
        assertThat(s.process()).isEqualTo(Status.READY);
        assertThat(channel.commits.get()).as("committed before process() returns").isEqualTo(1);
        assertThat(s.process()).isEqualTo(Status.READY);
        assertThat(channel.commits.get()).isEqualTo(2);
    }

    @Test
    void batchSizeLimitsEachTransactionUnderEverySpelling() throws Exception {
        for (String key : List.of("flumeBatchSize", "kafka.flumeBatchSize", "batchSize")) {
            String t = topic(1);
            channel.commits.set(0);
            KafkaSink s = sink(conf("kafka.topic", t, key, "2"));
            channel.add(ev("1"), ev("2"), ev("3"), ev("4"), ev("5"));
            while (s.process() == Status.READY) {
                // drain
            }
            assertThat(channel.commits.get()).as(key).isEqualTo(4); // 2 + 2 + 1, then one empty take
            assertThat(read(t, 5)).hasSize(5);
        }
    }

    @Test
    void deprecatedSpellingsStillWork() throws Exception {
        String t = topic(1);
        Map<String, String> raw = new HashMap<>();
        raw.put("brokerList", KAFKA.bootstrapServers());
        raw.put("topic", t);
        raw.put("requiredAcks", "1");
        KafkaSink s = sink(raw);
        assertThat(s.producerProperties()).containsEntry("acks", "1").containsEntry("enable.idempotence", "false");
        channel.add(ev("old-style"));
        s.process();
        assertThat(read(t, 1)).extracting(r -> new String(r.value())).containsExactly("old-style");
    }

    @Test
    void producerDefaultsAreDurableAndPassThroughWorks() {
        KafkaSink s = (KafkaSink) provider.create(Components.context(provider, "k1", conf(
                "kafka.producer.compression.type", "lz4",
                "kafka.producer.ssl.disableTLSHostnameVerification", "true")));
        Map<String, Object> p = s.producerProperties();
        assertThat(p).containsEntry("acks", "all").containsEntry("enable.idempotence", "true")
                .containsEntry("compression.type", "lz4").containsEntry("linger.ms", "5")
                .containsEntry("ssl.endpoint.identification.algorithm", "")
                .containsEntry("bootstrap.servers", KAFKA.bootstrapServers())
                .doesNotContainKey("ssl.disableTLSHostnameVerification");
    }

    @Test
    void topicHeaderOverridesUnlessDisabledAndEscapesExpand() throws Exception {
        String a = topic(1);
        String b = topic(1);
        String c = topic(1);
        KafkaSink s = sink(conf("kafka.topic", c.substring(0, c.length() - 1) + "%{n}"));
        String suffix = c.substring(c.length() - 1);
        channel.add(ev("to-a", "topic", a), ev("to-c", "n", suffix));
        s.process();
        assertThat(read(a, 1)).extracting(r -> new String(r.value())).containsExactly("to-a");
        assertThat(read(c, 1)).extracting(r -> new String(r.value())).containsExactly("to-c");

        KafkaSink custom = sink(conf("kafka.topic", c, "topicHeader", "dest"));
        channel.add(ev("to-b", "dest", b, "topic", a));
        custom.process();
        assertThat(read(b, 1)).extracting(r -> new String(r.value())).containsExactly("to-b");

        KafkaSink fixed = sink(conf("kafka.topic", b, "allowTopicOverride", "false"));
        channel.add(ev("to-b-2", "topic", a));
        fixed.process();
        assertThat(read(b, 2)).extracting(r -> new String(r.value())).containsExactly("to-b", "to-b-2");
        assertThat(read(a, 1)).hasSize(1);
    }

    @Test
    void partitionsComeFromTheHeaderElseTheDefault() throws Exception {
        String t = topic(3);
        KafkaSink s = sink(conf("kafka.topic", t, "defaultPartitionId", "2", "partitionIdHeader", "p"));
        channel.add(ev("d"), ev("h", "p", "1"));
        s.process();
        List<ConsumerRecord<String, byte[]>> rs = read(t, 2);
        assertThat(rs).filteredOn(r -> new String(r.value()).equals("d")).extracting(ConsumerRecord::partition)
                .containsExactly(2);
        assertThat(rs).filteredOn(r -> new String(r.value()).equals("h")).extracting(ConsumerRecord::partition)
                .containsExactly(1);
    }

    @Test
    void aNonIntegerPartitionHeaderFailsTheWholeBatchAndKeepsItInTheChannel() throws Exception {
        String t = topic(1);
        KafkaSink s = sink(conf("kafka.topic", t, "partitionIdHeader", "p"));
        channel.add(ev("ok"), ev("bad", "p", "zero"));
        assertThatThrownBy(s::process).isInstanceOf(EventDeliveryException.class)
                .hasMessageContaining("'p'").hasMessageContaining("'zero'");
        assertThat(channel.size()).isEqualTo(2);
        assertThat(channel.snapshot()).extracting(Event::bodyAsString).containsExactly("ok", "bad");
        assertThat(counters.get(SinkCounter.EVENT_WRITE_FAIL)).isEqualTo(2);
        assertThat(counters.get(KafkaSink.ROLLBACK_COUNT)).isEqualTo(1);
        assertThat(read(t, 0)).isEmpty();
    }

    @Test
    void timestampHeaderSetsTheRecordTimestampAndInvalidValuesAreCounted() throws Exception {
        String t = topic(1);
        KafkaSink s = sink(conf("kafka.topic", t, "timestampHeader", "ts"));
        long before = System.currentTimeMillis();
        channel.add(ev("good", "ts", "1234567890123"), ev("bad", "ts", "yesterday"), ev("none"));
        s.process();
        List<ConsumerRecord<String, byte[]>> rs = read(t, 3);
        assertThat(rs.get(0).timestamp()).isEqualTo(1234567890123L);
        assertThat(rs.get(1).timestamp()).isGreaterThanOrEqualTo(before);
        assertThat(rs.get(2).timestamp()).isGreaterThanOrEqualTo(before);
        assertThat(counters.get(RecordFactory.INVALID_TIMESTAMP)).isEqualTo(1);
    }

    @Test
    void mappedHeadersBecomeKafkaHeaders() throws Exception {
        String t = topic(1);
        KafkaSink s = sink(conf("kafka.topic", t, "header.host", "origin-host", "header.missing", "never"));
        channel.add(ev("x", "host", "h\u00e9", "other", "not-mapped"));
        s.process();
        ConsumerRecord<String, byte[]> r = read(t, 1).get(0);
        assertThat(KafkaTestClient.header(r, "origin-host")).isEqualTo("h\u00e9");
        assertThat(r.headers().toArray()).hasSize(1);
    }

    @Test
    void flumeEventFormatCarriesTheHeaders() throws Exception {
        String t = topic(1);
        KafkaSink s = sink(conf("kafka.topic", t, "useFlumeEventFormat", "true"));
        Event e = ev("payload", "a", "1", "key", "k");
        channel.add(e);
        s.process();
        ConsumerRecord<String, byte[]> r = read(t, 1).get(0);
        assertThat(r.key()).isEqualTo("k");
        assertThat(AvroFlumeEventCodec.get().decode(r.value())).isEqualTo(ev("payload", "a", "1", "key", "k"));
    }

    @Test
    void refusesToWriteAnEventBackIntoItsSourceTopic() throws Exception {
        String src = topic(1);
        String dst = topic(1);
        KafkaSink s = sink(conf("kafka.topic", dst));
        channel.add(ev("loop", "topic", src, KafkaHeaders.SOURCE_TOPIC, src));
        assertThatThrownBy(s::process).isInstanceOf(EventDeliveryException.class)
                .hasMessageContaining("'" + src + "'").hasMessageContaining("allowTopicOverride = false")
                .hasMessageContaining("allowTopicLoop = true");
        assertThat(channel.size()).isEqualTo(1);
        assertThat(counters.get(KafkaSink.TOPIC_LOOP_REFUSED)).isEqualTo(1);
        assertThat(counters.get(SinkCounter.EVENT_WRITE_FAIL)).isEqualTo(1);
        started.remove(s);
        s.stop();

        KafkaSink toDst = sink(conf("kafka.topic", dst, "allowTopicOverride", "false"));
        toDst.process();
        assertThat(read(dst, 1)).extracting(r -> new String(r.value())).containsExactly("loop");

        channel.add(ev("loop-ok", "topic", src, KafkaHeaders.SOURCE_TOPIC, src));
        KafkaSink looping = sink(conf("kafka.topic", dst, "allowTopicLoop", "true"));
        looping.process();
        assertThat(read(src, 1)).extracting(r -> new String(r.value())).containsExactly("loop-ok");
    }

    @Test
    void aSendToAMissingTopicIsCountedAndRolledBack() throws Exception {
        KafkaSink s = sink(conf("kafka.topic", "no-such-topic", "kafka.producer.max.block.ms", "1000"));
        channel.add(ev("1"), ev("2"));
        assertThatThrownBy(s::process).isInstanceOf(EventDeliveryException.class);
        assertThat(channel.size()).isEqualTo(2);
        assertThat(channel.rollbacks.get()).isEqualTo(1);
        assertThat(counters.get(SinkCounter.EVENT_WRITE_FAIL)).isEqualTo(2);
        assertThat(counters.get(SinkCounter.DRAIN_SUCCESS)).isZero();
        assertThat(counters.get(KafkaSink.ROLLBACK_COUNT)).isEqualTo(1);
    }

    @Test
    void aRecordTooLargeIsCountedAndRolledBack() throws Exception {
        // Client-side limit: a topic-level max.message.bytes below batch.size trips Kafka's producer
        // batch-splitting bug (KAFKA-8202/KAFKA-8350: endless splits, StackOverflowError) in 4.4.0.
        String t = topic(1);
        KafkaSink s = sink(conf("kafka.topic", t, "kafka.producer.max.request.size", "2000"));
        channel.add(ev("small"), Event.of(new byte[10_000]));
        assertThatThrownBy(s::process).isInstanceOf(EventDeliveryException.class)
                .hasMessageContaining("not acknowledged").hasMessageContaining("RecordTooLarge");
        assertThat(channel.size()).isEqualTo(2);
        assertThat(counters.get(SinkCounter.EVENT_WRITE_FAIL)).isEqualTo(2);
        assertThat(counters.get(KafkaSink.ROLLBACK_COUNT)).isEqualTo(1);
    }

    @Test
    void providerDeclaresFlumeNamesAndRejectsTransactions() {
        assertThat(provider.aliases()).contains("org.apache.flume.sink.kafka.KafkaSink");
        assertThat(provider.configDef().batchSizeKey()).isEqualTo("flumeBatchSize");
        assertThatThrownBy(() -> Components.context(provider, "k1", conf("kafka.producer.transactional.id", "x")))
                .hasMessageContaining("transactional.id");
        assertThatThrownBy(() -> Components.context(provider, "k1", Map.of("kafka.topic", "x")))
                .hasMessageContaining("kafka.bootstrap.servers");
    }
}
