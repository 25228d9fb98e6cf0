package io.flafka.kafka.source;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.flafka.api.ChannelProcessor;
import io.flafka.api.ComponentContext;
import io.flafka.api.Event;
import io.flafka.api.EventDeliveryException;
import io.flafka.api.Status;
import io.flafka.api.config.ConfigException;
import io.flafka.api.metrics.SourceCounter;
import io.flafka.kafka.avro.AvroFlumeEventCodec;
import io.flafka.kafka.common.KafkaHeaders;
import io.flafka.kafka.testing.Components;
import io.flafka.testkit.kafka.KafkaTestClient;
import io.flafka.kafka.testing.RecordingProcessor;
import io.flafka.kafka.testing.RecordingProcessor.Mode;
import io.flafka.kafka.testing.SourceLoop;
import io.flafka.testkit.kafka.EmbeddedKafkaExtension;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class KafkaSourceTest {
    @RegisterExtension
    static final EmbeddedKafkaExtension KAFKA = new EmbeddedKafkaExtension();
    private static final AtomicInteger IDS = new AtomicInteger();

    private final KafkaSourceProvider provider = new KafkaSourceProvider();
    private final RecordingProcessor processor = new RecordingProcessor();
    private final List<KafkaSource> started = new ArrayList<>();
    private final List<SourceLoop> loops = new ArrayList<>();
    private SourceCounter counters;

    @AfterEach
    void stopAll() throws Exception {
        for (SourceLoop l : loops) {
            l.close();
        }
        started.forEach(KafkaSource::stop);
    }

    private static String topic(int partitions) {
        String t = "src-" + IDS.incrementAndGet();
        KAFKA.broker().createTopic(t, partitions);
        return t;
    }

    private static KafkaTestClient client() {
        return new KafkaTestClient(KAFKA.bootstrapServers());
    }

    private static Map<String, String> conf(String topic, String... kv) {
        Map<String, String> m = new HashMap<>();
        m.put("kafka.bootstrap.servers", KAFKA.bootstrapServers());
        m.put("kafka.topics", topic);
        m.put("kafka.consumer.group.id", "g-" + topic);
        m.put("kafka.consumer.auto.offset.reset", "earliest");
        m.put("batchDurationMillis", "500");
        for (int i = 0; i < kv.length; i += 2) {
            m.put(kv[i], kv[i + 1]);
        }
        return m;
    }

    private KafkaSource source(Map<String, String> raw, ChannelProcessor p) {
        ComponentContext ctx = Components.context(provider, "r1", raw);
        counters = ctx.counters(SourceCounter.class);
        KafkaSource s = (KafkaSource) provider.create(ctx);
        s.start(p);
        started.add(s);
        return s;
    }

    private KafkaSource source(Map<String, String> raw) {
        return source(raw, processor);
    }

    private void processUntil(KafkaSource s, RecordingProcessor p, int events) throws Exception {
        long deadline = System.currentTimeMillis() + 30_000;
        while (p.count() < events && System.currentTimeMillis() < deadline) {
            s.process();
        }
        assertThat(p.count()).isEqualTo(events);
    }

    private static Map<TopicPartition, OffsetAndMetadata> committed(String group) throws Exception {
        return KAFKA.broker().admin().listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata().get();
    }

    /**
     * Offsets are committed asynchronously, and a batch's offsets become safe when the next process()
     * finds its channel write settled: wait, calling process() as the runner does.
     */
    private static void awaitCommitted(KafkaSource s, String group, TopicPartition tp, long offset) {
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            s.process();
            assertThat(committed(group)).containsEntry(tp, new OffsetAndMetadata(offset));
        });
    }

    @Test
    void turnsRecordsIntoEventsWithFlumesHeaders() throws Exception {
        String t = topic(1);
        RecordHeaders kh = new RecordHeaders();
        kh.add("trace", "abc".getBytes(StandardCharsets.UTF_8));
        client().send(List.of(new ProducerRecord<>(t, 0, 1_600_000_000_000L, "k1", "one".getBytes(), kh),
                new ProducerRecord<>(t, 0, 1_600_000_000_001L, null, "two".getBytes())));
        KafkaSource s = source(conf(t, "header.traceId", "trace"));
        processUntil(s, processor, 2);
        Event one = processor.events().get(0);
        assertThat(one.bodyAsString()).isEqualTo("one");
        assertThat(one.headers()).containsEntry("timestamp", "1600000000000").containsEntry("topic", t)
                .containsEntry("partition", "0").containsEntry("offset", "0").containsEntry("key", "k1")
                .containsEntry("traceId", "abc").containsEntry(KafkaHeaders.SOURCE_TOPIC, t);
        Event two = processor.events().get(1);
        assertThat(two.headers()).containsEntry("offset", "1").doesNotContainKey("key").doesNotContainKey("traceId");
        assertThat(counters.get(SourceCounter.EVENT_RECEIVED)).isEqualTo(2);
        // EventAcceptedCount is the channel processor's to count (the runtime's), not the source's
        assertThat(counters.get(SourceCounter.EVENT_ACCEPTED)).isZero();
        awaitCommitted(s, "g-" + t, new TopicPartition(t, 0), 2);
    }

    @Test
    void topicAndTimestampHeadersAreConfigurable() throws Exception {
        String t = topic(1);
        client().send(t, "x");
        KafkaSource s = source(conf(t, "topicHeader", "from", "timestampHeader", "ts"));
        processUntil(s, processor, 1);
        assertThat(processor.events().get(0).headers()).containsKey("from").containsKey("ts")
                .doesNotContainKey("topic").doesNotContainKey("timestamp");

        String t2 = topic(1);
        client().send(t2, "y");
        RecordingProcessor p2 = new RecordingProcessor();
        KafkaSource s2 = source(conf(t2, "setTopicHeader", "false"), p2);
        processUntil(s2, p2, 1);
        assertThat(p2.events().get(0).headers()).doesNotContainKey("topic")
                .containsEntry(KafkaHeaders.SOURCE_TOPIC, t2);
    }

    @Test
    void flumeEventFormatRestoresHeadersAndKeepsThemOverTheRecordsExceptKey() throws Exception {
        String t = topic(1);
        Map<String, String> h = Map.of("topic", "original", "timestamp", "5", "key", "old", "app", "web",
                KafkaHeaders.SOURCE_TOPIC, "elsewhere");
        byte[] value = AvroFlumeEventCodec.get().encode(Event.of("body".getBytes(), h));
        client().send(List.of(new ProducerRecord<>(t, "new-key", value), new ProducerRecord<>(t, "k", "junk".getBytes()),
                new ProducerRecord<>(t, null, value)));
        KafkaSource s = source(conf(t, "useFlumeEventFormat", "true"));
        processUntil(s, processor, 2);
        Event e = processor.events().get(0);
        assertThat(e.bodyAsString()).isEqualTo("body");
        assertThat(e.headers()).containsEntry("topic", "original").containsEntry("timestamp", "5")
                .containsEntry("app", "web").containsEntry("key", "new-key").containsEntry("offset", "0")
                .containsEntry(KafkaHeaders.SOURCE_TOPIC, t);
        assertThat(processor.events().get(1).headers()).containsEntry("key", "old");
        assertThat(counters.get(SourceCounter.EVENT_READ_FAIL)).isEqualTo(1);
        awaitCommitted(s, "g-" + t, new TopicPartition(t, 0), 3);
    }

    @Test
    void handsOverATrickleAtOnceInsteadOfWaitingOutTheBatchDuration() throws Exception {
        String t = topic(1);
        KafkaSource s = source(conf(t, "batchDurationMillis", "60000", "batchSize", "1000"));
        client().send(t, "a", "b", "c");
        long start = System.nanoTime();
        processUntil(s, processor, 3);
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(30));
        assertThat(processor.batches.size()).isLessThanOrEqualTo(3);
    }

    @Test
    void aSteadyTrickleIsHandedOverOnceCaughtUpNotWhenTheBatchFills() throws Exception {
        // Records keep arriving faster than the follow-up poll's wait, so only the caught-up check can hand a
        // batch over before batchSize (100,000) or batchDurationMillis (60 s).
        String t = topic(2);
        KafkaSource s = source(conf(t, "batchDurationMillis", "60000", "batchSize", "100000"));
        AtomicBoolean feeding = new AtomicBoolean(true);
        Thread feeder = new Thread(() -> {
            try (KafkaProducer<String, byte[]> p = client().producer()) {
                for (int i = 0; feeding.get(); i++) {
                    // one record per round trip: a steady trickle, not a backlog
                    p.send(new ProducerRecord<>(t, "k" + i, ("v" + i).getBytes(StandardCharsets.UTF_8))).get();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (ExecutionException e) {
                throw new IllegalStateException(e);
            }
        }, "trickle-feeder");
        feeder.start();
        try {
            loops.add(new SourceLoop(s));
            await().untilAsserted(() -> assertThat(processor.batches).hasSizeGreaterThanOrEqualTo(2));
        } finally {
            feeding.set(false);
            feeder.join(30_000);
        }
        assertThat(processor.events()).extracting(Event::bodyAsString).doesNotHaveDuplicates();
    }

    @Test
    void anIdleTopicReturnsBackoffAndCountsAnEmptyPoll() throws Exception {
        String t = topic(1);
        KafkaSource s = source(conf(t, "batchDurationMillis", "200"));
        Status st = Status.READY;
        for (int i = 0; i < 3 && st == Status.READY; i++) {
            st = s.process();
        }
        assertThat(st).isEqualTo(Status.BACKOFF);
        assertThat(counters.get(KafkaSource.EMPTY_COUNT)).isGreaterThanOrEqualTo(1);
    }

    @Test
    void batchesNeverExceedBatchSize() throws Exception {
        String t = topic(2);
        String[] values = new String[45];
        for (int i = 0; i < values.length; i++) {
            values[i] = "v" + i;
        }
        client().send(t, values);
        KafkaSource s = source(conf(t, "batchSize", "10", "kafka.consumer.max.poll.records", "500"));
        processUntil(s, processor, 45);
        assertThat(processor.batches).allSatisfy(b -> assertThat(b.size()).isLessThanOrEqualTo(10));
        assertThat(processor.events()).extracting(Event::bodyAsString).doesNotHaveDuplicates();
    }

    @Test
    void commitsOffsetsOnlyForEventsTheChannelCommitted() throws Exception {
        String t = topic(1);
        client().send(t, "1", "2", "3", "4");
        processor.mode(Mode.FULL);
        KafkaSource s = source(conf(t));
        await().atMost(Duration.ofSeconds(30)).until(() -> {
            s.process();
            return processor.refused.get() >= 3;
        });
        // ChannelWriteFail is counted by the runtime's channel processor, once per failed put
        assertThat(counters.get(SourceCounter.CHANNEL_WRITE_FAIL)).isZero();
        assertThat(counters.get(SourceCounter.EVENT_ACCEPTED)).isZero();
        s.stop();
        assertThat(committed("g-" + t)).isEmpty();

        // like a crash before the channel accepted: a new source of the group reads everything again
        RecordingProcessor p2 = new RecordingProcessor();
        KafkaSource s2 = source(conf(t), p2);
        processUntil(s2, p2, 4);
        awaitCommitted(s2, "g-" + t, new TopicPartition(t, 0), 4);
        s2.stop();

        RecordingProcessor p3 = new RecordingProcessor();
        KafkaSource s3 = source(conf(t, "batchDurationMillis", "300"), p3);
        for (int i = 0; i < 5; i++) {
            s3.process();
        }
        assertThat(p3.count()).isZero();
    }

    /** Sends m0..m(n-1) to the topic; returns them. */
    private static String[] sendNumbered(String topic, int n) throws Exception {
        String[] values = new String[n];
        for (int i = 0; i < n; i++) {
            values[i] = "m" + i;
        }
        client().send(topic, values);
        return values;
    }

    /** Calls {@code process()} on the runner while {@code more} holds. */
    private static Future<?> processInBackground(ExecutorService runner, KafkaSource s,
                                                 java.util.function.BooleanSupplier more) {
        return runner.submit(() -> {
            while (more.getAsBoolean()) {
                s.process();
            }
            return null;
        });
    }

    /** Holds the first batch in the channel processor until released, then records like the inner one. */
    private static final class GateProcessor implements ChannelProcessor {
        final RecordingProcessor inner = new RecordingProcessor();
        final CountDownLatch entered = new CountDownLatch(1);
        final CountDownLatch release = new CountDownLatch(1);

        @Override
        public void processBatch(List<Event> events) {
            if (entered.getCount() > 0) {
                entered.countDown();
                try {
                    release.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            inner.processBatch(events);
        }

        @Override
        public void process(Event event) {
            processBatch(new ArrayList<>(List.of(event)));
        }
    }

    @Test
    void pollsTheNextBatchWhileTheChannelCommitsTheLastAndKeepsTheOrder() throws Exception {
        String t = topic(1);
        String[] values = sendNumbered(t, 30);
        GateProcessor gate = new GateProcessor();
        KafkaSource s = source(conf(t, "batchSize", "10"), gate);
        ExecutorService runner = Executors.newSingleThreadExecutor();
        try {
            Future<?> loop = processInBackground(runner, s, () -> gate.inner.count() < values.length);
            assertThat(gate.entered.await(30, TimeUnit.SECONDS)).isTrue();
            // the first batch is stuck in the channel, yet the next one is polled meanwhile
            await().atMost(Duration.ofSeconds(30))
                    .until(() -> counters.get(SourceCounter.EVENT_RECEIVED) >= 20);
            assertThat(gate.inner.count()).isZero();
            assertThat(committed("g-" + t)).isEmpty();
            gate.release.countDown();
            loop.get(30, TimeUnit.SECONDS);
        } finally {
            runner.shutdownNow();
        }
        assertThat(gate.inner.events()).extracting(Event::bodyAsString).containsExactly(values);
        awaitCommitted(s, "g-" + t, new TopicPartition(t, 0), values.length);
    }

    /**
     * A channel that places a batch at once and then waits (like a file channel's fsync): the first
     * commit waits for {@code firstDurable}; the second waits for {@code secondRefused}, unplaced, then
     * is refused as full. Later commits place and return.
     */
    private static final class SlowDiskProcessor implements ChannelProcessor {
        final List<Event> committed = new java.util.concurrent.CopyOnWriteArrayList<>();
        final AtomicInteger prepared = new AtomicInteger();
        final AtomicInteger commits = new AtomicInteger();
        final CountDownLatch firstDurable = new CountDownLatch(1);
        final CountDownLatch secondRefused = new CountDownLatch(1);

        @Override
        public io.flafka.api.PreparedBatch prepareBatch(List<Event> events) {
            prepared.incrementAndGet();
            return new io.flafka.api.PreparedBatch() {
                @Override
                public void commit() {
                    commit(() -> { });
                }

                @Override
                public void commit(Runnable onOrdered) {
                    int k = commits.incrementAndGet();
                    if (k == 2) {
                        awaitLatch(secondRefused);
                        throw new io.flafka.api.ChannelFullException("test channel full");
                    }
                    committed.addAll(events);   // placed: in the channel's order from now on
                    onOrdered.run();
                    if (k == 1) {
                        awaitLatch(firstDurable);
                    }
                }

                @Override
                public void abort() {
                }
            };
        }

        private static void awaitLatch(CountDownLatch l) {
            try {
                l.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }

        @Override
        public void processBatch(List<Event> events) {
            prepareBatch(events).commit();
        }

        @Override
        public void process(Event event) {
            processBatch(new ArrayList<>(List.of(event)));
        }
    }

    @Test
    void batchesCommitInOrderWhileEarlierOnesWaitAndARefusedOneTakesTheLaterOnesBackWithIt() throws Exception {
        String t = topic(1);
        String[] values = sendNumbered(t, 40);
        SlowDiskProcessor channel = new SlowDiskProcessor();
        KafkaSource s = source(conf(t, "batchSize", "10"), channel);
        ExecutorService runner = Executors.newSingleThreadExecutor();
        try {
            Future<?> loop = processInBackground(runner, s, () -> channel.committed.size() < values.length);
            // batch 1 has its place and waits for its disk, so batch 2 goes out at once
            await().atMost(Duration.ofSeconds(30)).until(() -> channel.commits.get() == 2);
            assertThat(committed("g-" + t)).isEmpty();
            // batch 2 is refused before it had its place; batch 3, handed over behind it, is not written
            channel.secondRefused.countDown();
            await().atMost(Duration.ofSeconds(30)).until(() -> channel.prepared.get() >= 3);
            assertThat(channel.commits).hasValue(2);
            channel.firstDurable.countDown();
            loop.get(30, TimeUnit.SECONDS);
        } finally {
            runner.shutdownNow();
        }
        // batches 2 and 3 were written again, after batch 1 and in order: nothing lost, nothing twice
        assertThat(channel.committed).extracting(Event::bodyAsString).containsExactly(values);
        awaitCommitted(s, "g-" + t, new TopicPartition(t, 0), values.length);
    }

    @Test
    void aFailingChannelKeepsTheBatchAndRetriesTheSameRecords() throws Exception {
        String t = topic(1);
        client().send(t, "a", "b");
        processor.mode(Mode.FAIL);
        KafkaSource s = source(conf(t));
        await().atMost(Duration.ofSeconds(30)).until(() -> {
            try {
                s.process();
            } catch (EventDeliveryException e) {
                return true;
            }
            return false;
        });
        processor.mode(Mode.ACCEPT);
        client().send(t, "c");
        processUntil(s, processor, 3);
        assertThat(processor.events()).extracting(Event::bodyAsString).containsExactly("a", "b", "c");
    }

    @Test
    void aFullChannelPausesButKeepsTheConsumerInItsGroup() throws Exception {
        String t = topic(2);
        String[] values = new String[20];
        for (int i = 0; i < values.length; i++) {
            values[i] = "v" + i;
        }
        client().send(t, values);
        processor.mode(Mode.FULL);
        KafkaSource s = source(conf(t, "kafka.consumer.max.poll.interval.ms", "2500", "batchSize", "5"));
        SourceLoop loop = new SourceLoop(s);
        loops.add(loop);
        await().atMost(Duration.ofSeconds(30)).until(() -> processor.refused.get() > 0);
        Thread.sleep(6_000); // well over max.poll.interval.ms while the channel stays full
        client().send(t, "late");
        processor.mode(Mode.ACCEPT);
        await().atMost(Duration.ofSeconds(30)).until(() -> processor.count() >= 21);
        Thread.sleep(300);
        assertThat(processor.events()).extracting(Event::bodyAsString).doesNotHaveDuplicates().hasSize(21);
        assertThat(counters.get(KafkaSource.PARTITIONS_REVOKED)).isZero();
        assertThat(loop.errors.get()).isZero();
    }

    @Test
    void revokedPartitionsDropTheirPendingRecordsForTheNewOwner() throws Exception {
        String t = topic(2);
        List<ProducerRecord<String, byte[]>> rs = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            rs.add(new ProducerRecord<>(t, i % 2, null, ("p" + (i % 2) + "-" + i).getBytes()));
        }
        client().send(rs);
        processor.mode(Mode.FULL);
        KafkaSource a = source(conf(t));
        SourceLoop loopA = new SourceLoop(a);
        loops.add(loopA);
        await().atMost(Duration.ofSeconds(30)).until(() -> processor.refused.get() > 0);
        SourceCounter countersA = counters;

        RecordingProcessor pb = new RecordingProcessor();
        KafkaSource b = source(conf(t), pb);
        loops.add(new SourceLoop(b));
        await().atMost(Duration.ofSeconds(40)).until(() -> countersA.get(KafkaSource.PARTITIONS_REVOKED) >= 1);
        processor.mode(Mode.ACCEPT);
        await().atMost(Duration.ofSeconds(30)).until(() -> processor.count() + pb.count() >= 10);
        Thread.sleep(500);
        List<String> all = new ArrayList<>();
        processor.events().forEach(e -> all.add(e.bodyAsString()));
        pb.events().forEach(e -> all.add(e.bodyAsString()));
        assertThat(all).hasSize(10).doesNotHaveDuplicates();
        assertThat(pb.count()).isEqualTo(5);
    }

    @Test
    void stopUnblocksAPollWaitingForRecords() throws Exception {
        String t = topic(1);
        KafkaSource s = source(conf(t, "batchDurationMillis", "120000"));
        SourceLoop loop = new SourceLoop(s);
        Thread.sleep(1_000);
        long start = System.nanoTime();
        loop.close();
        assertThat(loop.isAlive()).isFalse();
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(20));
        assertThat(s.process()).isEqualTo(Status.BACKOFF);
    }

    @Test
    void subscribesByRegex() throws Exception {
        String prefix = "rx" + IDS.incrementAndGet() + "-";
        KAFKA.broker().createTopic(prefix + "a", 1);
        KAFKA.broker().createTopic(prefix + "b", 1);
        client().send(prefix + "a", "from-a");
        client().send(prefix + "b", "from-b");
        Map<String, String> c = conf("unused", "kafka.topics.regex", prefix + ".*");
        c.remove("kafka.topics");
        KafkaSource s = source(c);
        processUntil(s, processor, 2);
        assertThat(processor.events().stream().map(e -> e.header("topic")).collect(Collectors.toSet()))
                .containsExactlyInAnyOrder(prefix + "a", prefix + "b");
    }

    @Test
    void flumeSpellingsAreAcceptedRefusedOrIgnoredAsDocumented() throws Exception {
        String t = topic(1);
        client().send(t, "old");
        Map<String, String> old = new HashMap<>();
        old.put("kafka.bootstrap.servers", KAFKA.bootstrapServers());
        old.put("topic", t);
        old.put("groupId", "legacy-" + t);
        old.put("migrateZookeeperOffsets", "true");
        old.put("maxBackoffSleep", "5000");
        old.put("kafka.consumer.auto.offset.reset", "earliest");
        KafkaSource s = source(old);
        processUntil(s, processor, 1);
        awaitCommitted(s, "legacy-" + t, new TopicPartition(t, 0), 1);

        Map<String, String> zk = conf(t, "zookeeperConnect", "zk:2181");
        assertThatThrownBy(() -> Components.context(provider, "r1", zk)).isInstanceOf(ConfigException.class)
                .hasMessageContaining("kafka.bootstrap.servers");
        Map<String, String> none = conf(t);
        none.remove("kafka.topics");
        assertThatThrownBy(() -> Components.create(provider, "r1", none)).isInstanceOf(ConfigException.class)
                .hasMessageContaining("kafka.topics");
        assertThat(provider.aliases()).contains("org.apache.flume.source.kafka.KafkaSource");
        assertThat(provider.configDef().batchSizeKey()).isEqualTo("batchSize");
    }

    @Test
    void consumerDefaultsAndForcedProperties() {
        KafkaSource s = (KafkaSource) provider.create(Components.context(provider, "r1", conf("t",
                "kafka.consumer.enable.auto.commit", "true", "kafka.consumer.fetch.min.bytes", "10",
                "kafka.consumer.ssl.disableTLSHostnameVerification", "true")));
        assertThat(s.consumerProperties())
                .containsEntry("partition.assignment.strategy",
                        "org.apache.kafka.clients.consumer.CooperativeStickyAssignor")
                .containsEntry("enable.auto.commit", "false").containsEntry("group.id", "g-t")
                .containsEntry("fetch.min.bytes", "10").containsEntry("max.poll.records", "1000")
                .containsEntry("ssl.endpoint.identification.algorithm", "");
        KafkaSource dflt = (KafkaSource) provider.create(Components.context(provider, "r1",
                Map.of("kafka.bootstrap.servers", "x:1", "kafka.topics", "t")));
        assertThat(dflt.consumerProperties()).containsEntry("group.id", "flume");
    }
}
