package io.flafka.kafka.channel;

import io.flafka.api.Channel;
import io.flafka.api.ComponentContext;
import io.flafka.api.Transaction;
import io.flafka.api.config.Config;
import io.flafka.api.metrics.ChannelCounter;
import io.flafka.kafka.common.ClientProperties;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.CooperativeStickyAssignor;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A channel whose buffer is a Kafka topic (Flume's {@code org.apache.flume.channel.kafka.KafkaChannel}).
 *
 * <p>Put transactions buffer their events; commit sends them all, flushes once and waits for every
 * acknowledgement (acks=all by default) before returning, so a committed put is in Kafka. Take
 * transactions borrow a consumer of the channel's group (see {@link ConsumerPool}); rollback seeks the
 * consumer back so the same events are taken again. Without a source the channel is a Kafka consumer
 * for its sink with no extra hop; without a sink it is a producer of Flume events.
 *
 * <p>A take commit commits the taken offsets, in one of two modes ({@code takeCommitMode}, see
 * {@link TakeCommitter}):
 * <ul>
 *   <li>{@code pipelined} (default): the commit sends the offsets with {@code commitAsync} and returns;
 *       while one async commit of the consumer is in flight, newer offsets wait and go in the next one
 *       (they cover the older), so a take costs no broker round trip. A failed async commit is counted
 *       ({@code KafkaCommitFailCount}), WARN-logged and retried synchronously by the next take commit,
 *       which throws (and rolls back) if that fails too. Partition revocation and closing the consumers
 *       commit synchronously. Risk: after a crash, the take batches committed during the last offset
 *       commit's round trip (one or a few per consumer) are taken and delivered again; nothing is
 *       lost.</li>
 *   <li>{@code sync} (Flume's behaviour): each take commit is a {@code commitSync} and its failure is
 *       thrown; a crash redelivers only takes that were not committed.</li>
 * </ul>
 *
 * <p>Threads: {@link #begin()} is called by any number of source and sink threads; each transaction
 * is used by one thread at a time (a sink runner, a source's thread). {@link #stop()} runs on the
 * lifecycle thread after sources and sinks stopped; it wakes up a take still polling and closes the
 * clients. Size and capacity are unknown ({@code -1}; the ChannelSize and
 * ChannelCapacity counters stay 0), as in Flume.
 */
public final class KafkaChannel implements Channel {
    public static final String GET_TIMER = "KafkaEventGetTimer";
    public static final String SEND_TIMER = "KafkaEventSendTimer";
    public static final String COMMIT_TIMER = "KafkaCommitTimer";
    /** Offset commits of takes that failed (retried; the events may be taken again). */
    public static final String COMMIT_FAIL = "KafkaCommitFailCount";
    public static final String ROLLBACK_COUNT = "RollbackCount";
    /** Records that did not decode as AvroFlumeEvents (skipped, logged). */
    public static final String PARSE_FAIL = "EventParseFailCount";

    private static final Logger LOG = LoggerFactory.getLogger(KafkaChannel.class);

    private final String name;
    private final Config config;
    private final ChannelCounter counters;
    private final ChannelRecords records;
    private final Duration pollTimeout;
    private volatile Producer<String, byte[]> producer;
    private volatile ConsumerPool consumers;

    KafkaChannel(ComponentContext context) {
        this.name = context.name();
        this.config = context.config();
        this.counters = context.counters(ChannelCounter.class);
        this.records = new ChannelRecords(config);
        this.pollTimeout = Duration.ofMillis(config.get(KafkaChannelConfig.POLL_TIMEOUT));
        for (String c : new String[] {GET_TIMER, SEND_TIMER, COMMIT_TIMER, COMMIT_FAIL, ROLLBACK_COUNT, PARSE_FAIL}) {
            counters.counter(c);
        }
        if (config.isSet(KafkaChannelConfig.MIGRATE_ZOOKEEPER_OFFSETS)) {
            LOG.warn("Channel {}: migrateZookeeperOffsets is ignored: Kafka 4 has no ZooKeeper", name);
        }
    }

    Map<String, Object> producerProperties() {
        Map<String, Object> defaults = new HashMap<>();
        defaults.put(ProducerConfig.ACKS_CONFIG, "all");
        defaults.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        defaults.put(ProducerConfig.CLIENT_ID_CONFIG, "flafka-channel-" + name);
        Map<String, Object> forced = new HashMap<>();
        forced.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, config.get(KafkaChannelConfig.BOOTSTRAP_SERVERS));
        forced.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        forced.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        return ClientProperties.build(config, KafkaChannelConfig.PRODUCER_PREFIX, defaults, forced);
    }

    Map<String, Object> consumerProperties() {
        Map<String, Object> defaults = new HashMap<>();
        if (io.flafka.kafka.common.GroupProtocol.isClassic(config, KafkaChannelConfig.CONSUMER_PREFIX)) {
            defaults.put(ConsumerConfig.PARTITION_ASSIGNMENT_STRATEGY_CONFIG, CooperativeStickyAssignor.class.getName());
        }
        Map<String, Object> forced = new HashMap<>();
        forced.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, config.get(KafkaChannelConfig.BOOTSTRAP_SERVERS));
        forced.put(ConsumerConfig.GROUP_ID_CONFIG, config.get(KafkaChannelConfig.GROUP_ID));
        forced.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        forced.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, autoOffsetReset());
        forced.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        forced.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        return ClientProperties.build(config, KafkaChannelConfig.CONSUMER_PREFIX, defaults, forced);
    }

    private String autoOffsetReset() {
        if (!config.isSet(KafkaChannelConfig.AUTO_OFFSET_RESET) && config.isSet(KafkaChannelConfig.READ_SMALLEST_OFFSET)) {
            LOG.warn("Channel {}: readSmallestOffset is deprecated; use kafka.consumer.auto.offset.reset", name);
            return config.get(KafkaChannelConfig.READ_SMALLEST_OFFSET) ? "earliest" : "latest";
        }
        return config.get(KafkaChannelConfig.AUTO_OFFSET_RESET).trim().toLowerCase(java.util.Locale.ROOT);
    }

    @Override
    public void start() {
        producer = new KafkaProducer<>(producerProperties());
        consumers = new ConsumerPool(name, consumerProperties(), config.get(KafkaChannelConfig.TOPIC),
                KafkaChannelConfig.TakeCommit.of(config.get(KafkaChannelConfig.TAKE_COMMIT)),
                config.get(KafkaChannelConfig.TAKE_COMMIT_INTERVAL_MS), counters);
        counters.markStarted();
        LOG.info("Channel {} started on topic {} (group {})", name, config.get(KafkaChannelConfig.TOPIC),
                config.get(KafkaChannelConfig.GROUP_ID));
    }

    @Override
    public Transaction begin() {
        Producer<String, byte[]> p = producer;
        ConsumerPool c = consumers;
        if (p == null || c == null) {
            throw new io.flafka.api.ChannelException("Kafka channel " + name + " is not started");
        }
        return new KafkaChannelTransaction(name, p, c, records, pollTimeout, counters);
    }

    /** False: each open take borrows a group consumer, so a second open take on one thread would join the group. */
    @Override
    public boolean supportsOverlappingTakes() {
        return false;
    }

    @Override
    public void stop() {
        ConsumerPool c = consumers;
        consumers = null;
        if (c != null) {
            c.close();
        }
        Producer<String, byte[]> p = producer;
        producer = null;
        if (p != null) {
            try {
                p.close(Duration.ofSeconds(5));
            } catch (RuntimeException e) {
                LOG.warn("Channel {}: closing the producer failed: {}", name, e.toString());
            }
        }
        counters.markStopped();
    }
}
