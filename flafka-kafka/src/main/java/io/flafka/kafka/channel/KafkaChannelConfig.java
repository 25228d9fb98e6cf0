package io.flafka.kafka.channel;

import io.flafka.api.config.ConfigDef;
import io.flafka.api.config.ConfigKey;
import io.flafka.api.config.Validators;
import io.flafka.kafka.common.ClientProperties;

/** Every key of the Kafka channel, with Flume's names, spellings and defaults. */
public final class KafkaChannelConfig {
    public static final String PRODUCER_PREFIX = "kafka.producer.";
    public static final String CONSUMER_PREFIX = "kafka.consumer.";

    public static final ConfigKey<String> BOOTSTRAP_SERVERS = ConfigKey.stringKey("kafka.bootstrap.servers")
            .required().validator(Validators.nonBlank()).deprecated("brokerList")
            .doc("Kafka brokers to bootstrap from, host:port separated by commas.").build();

    public static final ConfigKey<String> TOPIC = ConfigKey.stringKey("kafka.topic").defaultValue("flume-channel")
            .validator(Validators.nonBlank()).deprecated("topic")
            .doc("The topic holding the channel's events.").build();

    public static final ConfigKey<String> GROUP_ID = ConfigKey.stringKey(CONSUMER_PREFIX + "group.id")
            .defaultValue("flume").validator(Validators.nonBlank()).deprecated("groupId")
            .doc("Consumer group of the takers. Channels on several agents sharing topic and group split the "
                    + "partitions (high availability). Never share the group with consumers that are not "
                    + "Kafka channels: they would take events away.").build();

    public static final ConfigKey<Boolean> PARSE_AS_FLUME_EVENT = ConfigKey.booleanKey("parseAsFlumeEvent")
            .defaultValue(true)
            .doc("true: values are binary AvroFlumeEvents, so headers survive the channel. false: the value is "
                    + "the body only and taken events carry just the 'key' header; use it when other producers or "
                    + "consumers share the topic.").build();

    public static final ConfigKey<Long> POLL_TIMEOUT = ConfigKey.longKey("kafka.pollTimeout").defaultValue(500L)
            .validator(Validators.atLeast(0)).alias("pollTimeout")
            .doc("Longest wait, in milliseconds, for a take on an empty channel. Flume's guide spells it "
                    + "pollTimeout; both are accepted.").build();

    public static final ConfigKey<Integer> DEFAULT_PARTITION_ID = ConfigKey.intKey("defaultPartitionId")
            .validator(Validators.atLeast(0))
            .doc("Partition every put event is written to, unless partitionIdHeader names another.").build();

    public static final ConfigKey<String> PARTITION_ID_HEADER = ConfigKey.stringKey("partitionIdHeader")
            .doc("Header holding an event's partition number; a bad value makes the put fail.").build();

    public static final ConfigKey<String> AUTO_OFFSET_RESET = ConfigKey.stringKey(CONSUMER_PREFIX + "auto.offset.reset")
            .defaultValue("earliest").validator(Validators.oneOf("earliest", "latest", "none"))
            .doc("Where a group without committed offsets starts. Default earliest, as in Flume's code "
                    + "(its guide says latest).").build();

    public static final ConfigKey<Boolean> READ_SMALLEST_OFFSET = ConfigKey.booleanKey("readSmallestOffset")
            .doc("Deprecated: true means kafka.consumer.auto.offset.reset = earliest, false latest.").build();

    public static final ConfigKey<Boolean> MIGRATE_ZOOKEEPER_OFFSETS = ConfigKey.booleanKey("migrateZookeeperOffsets")
            .defaultValue(true)
            .doc("Flume's ZooKeeper offset migration. Accepted and ignored (with a warning).").build();

    /** How a take transaction's commit commits its offsets (the values of {@link #TAKE_COMMIT}). */
    public enum TakeCommit {
        SYNC, PIPELINED;

        /** The mode a (validated) value of {@link #TAKE_COMMIT} names. */
        public static TakeCommit of(String value) {
            return valueOf(value.trim().toUpperCase(java.util.Locale.ROOT));
        }
    }

    public static final ConfigKey<String> TAKE_COMMIT = ConfigKey.stringKey("takeCommitMode")
            .defaultValue("pipelined").validator(Validators.oneOf("pipelined", "sync"))
            .doc("Flafka only. How a take commit commits the taken offsets to Kafka. pipelined: it commits "
                    + "asynchronously and returns (no broker round trip per take); while one commit is in flight "
                    + "newer offsets wait for the next; a failed commit is counted (KafkaCommitFailCount), logged "
                    + "and retried synchronously by the next take commit, which fails and rolls back if that "
                    + "fails too; revocation and stop commit synchronously. After a crash, the take batches "
                    + "committed during the last commit round trip (one or a few per consumer) are delivered "
                    + "twice; nothing is lost. sync: Flume's behaviour, one synchronous commit per take, its "
                    + "failure rolls the take back.").build();

    public static final ConfigKey<Integer> TAKE_COMMIT_INTERVAL_MS = ConfigKey.intKey("takeCommitIntervalMillis")
            .defaultValue(100).validator(Validators.atLeast(0))
            .doc("Flafka only, with takeCommitMode = pipelined: the shortest time between two offset commits of a "
                    + "consumer; the offsets of takes committed meanwhile ride on the next one. 0 sends after every "
                    + "take commit (one commit in flight at a time). Each commit is a write on the broker. After a "
                    + "crash, the takes of at most this interval plus one commit round trip are delivered again.")
            .build();

    public static final ConfigKey<Boolean> PRODUCER_DISABLE_TLS = ConfigKey
            .booleanKey(PRODUCER_PREFIX + ClientProperties.DISABLE_TLS_HOSTNAME_VERIFICATION).defaultValue(false)
            .doc("true: the producer does not verify the broker's TLS host name.").build();

    public static final ConfigKey<Boolean> CONSUMER_DISABLE_TLS = ConfigKey
            .booleanKey(CONSUMER_PREFIX + ClientProperties.DISABLE_TLS_HOSTNAME_VERIFICATION).defaultValue(false)
            .doc("true: the consumers do not verify the broker's TLS host name.").build();

    /** The declaration. */
    public static final ConfigDef DEF = ConfigDef.builder()
            .keys(BOOTSTRAP_SERVERS, TOPIC, GROUP_ID, PARSE_AS_FLUME_EVENT, POLL_TIMEOUT, DEFAULT_PARTITION_ID,
                    PARTITION_ID_HEADER, AUTO_OFFSET_RESET, READ_SMALLEST_OFFSET, MIGRATE_ZOOKEEPER_OFFSETS, TAKE_COMMIT,
                    TAKE_COMMIT_INTERVAL_MS,
                    PRODUCER_DISABLE_TLS, CONSUMER_DISABLE_TLS)
            .prefix(PRODUCER_PREFIX, "Passed to the KafkaProducer. Flafka defaults: acks=all, enable.idempotence=true.")
            .prefix(CONSUMER_PREFIX, "Passed to the KafkaConsumers. Flafka defaults: "
                    + "partition.assignment.strategy=CooperativeStickyAssignor. Always set: bootstrap.servers, "
                    + "group.id, enable.auto.commit=false.")
            .refuse(PRODUCER_PREFIX + "transactional.id", "Kafka transactions are not supported by the Kafka channel; "
                    + "remove it. A put commit already waits for every acknowledgement.")
            .ignore("zookeeperConnect", "only used by Flume to migrate ZooKeeper offsets; Kafka 4 has no ZooKeeper")
            .build();

    private KafkaChannelConfig() {
    }
}
