package io.flafka.kafka.source;

import io.flafka.api.config.ConfigDef;
import io.flafka.api.config.ConfigKey;
import io.flafka.api.config.Validators;
import io.flafka.kafka.common.ClientProperties;
import io.flafka.kafka.common.HeaderMapping;
import java.util.List;

/** Every key of the Kafka source, with Flume's names, spellings and defaults. */
public final class KafkaSourceConfig {
    /** Pass-through prefix for KafkaConsumer properties. */
    public static final String CONSUMER_PREFIX = "kafka.consumer.";

    public static final ConfigKey<String> BOOTSTRAP_SERVERS = ConfigKey.stringKey("kafka.bootstrap.servers")
            .required().validator(Validators.nonBlank())
            .doc("Kafka brokers to bootstrap from, host:port separated by commas.").build();

    public static final ConfigKey<List<String>> TOPICS = ConfigKey.listKey("kafka.topics").deprecated("topic")
            .doc("Topics to read, separated by commas. One of kafka.topics and kafka.topics.regex is required.").build();

    public static final ConfigKey<String> TOPICS_REGEX = ConfigKey.stringKey("kafka.topics.regex")
            .validator(Validators.regex())
            .doc("Read every topic whose name matches this Java regular expression (also topics created later). "
                    + "Overrides kafka.topics.").build();

    public static final ConfigKey<String> GROUP_ID = ConfigKey.stringKey(CONSUMER_PREFIX + "group.id")
            .defaultValue("flume").validator(Validators.nonBlank()).deprecated("groupId")
            .doc("Consumer group. Sources sharing a group split the partitions between them.").build();

    public static final ConfigKey<Integer> BATCH_SIZE = ConfigKey.intKey("batchSize").defaultValue(1000)
            .validator(Validators.atLeast(1))
            .doc("Most events handed to the channels in one transaction.").build();

    public static final ConfigKey<Integer> BATCH_DURATION_MS = ConfigKey.intKey("batchDurationMillis")
            .defaultValue(1000).validator(Validators.atLeast(1))
            .doc("Longest time spent filling one batch, and the longest wait for records on an idle topic. "
                    + "Unlike Flume, a batch is handed over as soon as the records already fetched are taken: "
                    + "the source never waits out this duration for a batch that will not fill.").build();

    public static final ConfigKey<Integer> OFFSET_COMMIT_INTERVAL_MS = ConfigKey.intKey("offsetCommitIntervalMillis")
            .defaultValue(100).validator(Validators.atLeast(0))
            .doc("Flafka addition: the shortest time between two offset commits while records flow; a commit "
                    + "carries every offset whose events are in the channels by then. 0 commits after every batch, "
                    + "as Flume does. Each commit is a write on the broker: at hundreds of batches a second they cost "
                    + "it a core's fraction. After a crash, the events of at most this interval (plus the batch in "
                    + "flight) are read again. Partition revocation and stop commit everything safe at once.").build();

    public static final ConfigKey<Boolean> USE_FLUME_EVENT_FORMAT = ConfigKey.booleanKey("useFlumeEventFormat")
            .defaultValue(false)
            .doc("true: record values are binary AvroFlumeEvents (as written by a Kafka sink or channel with the "
                    + "same setting) and their headers are restored. A value that does not decode is counted in "
                    + "EventReadFail, logged with its topic, partition and offset, and skipped.").build();

    public static final ConfigKey<Boolean> SET_TOPIC_HEADER = ConfigKey.booleanKey("setTopicHeader").defaultValue(true)
            .doc("Put the topic an event was read from into the topicHeader header.").build();

    public static final ConfigKey<String> TOPIC_HEADER = ConfigKey.stringKey("topicHeader").defaultValue("topic")
            .validator(Validators.nonBlank()).doc("The header receiving the topic when setTopicHeader is true.").build();

    public static final ConfigKey<String> TIMESTAMP_HEADER = ConfigKey.stringKey("timestampHeader")
            .defaultValue("timestamp").validator(Validators.nonBlank())
            .doc("The header receiving the record's timestamp (milliseconds). Flume 1.11 documents this key but "
                    + "always uses 'timestamp'; Flafka honours it.").build();

    public static final ConfigKey<Boolean> MIGRATE_ZOOKEEPER_OFFSETS = ConfigKey.booleanKey("migrateZookeeperOffsets")
            .defaultValue(true)
            .doc("Flume's ZooKeeper offset migration. Accepted and ignored (with a warning): Kafka 4 has no "
                    + "ZooKeeper and the offsets already live in Kafka.").build();

    public static final ConfigKey<Boolean> DISABLE_TLS_HOSTNAME_VERIFICATION = ConfigKey
            .booleanKey(CONSUMER_PREFIX + ClientProperties.DISABLE_TLS_HOSTNAME_VERIFICATION).defaultValue(false)
            .doc("true: do not verify the broker's TLS host name (sets ssl.endpoint.identification.algorithm to empty).")
            .build();

    /** The declaration. */
    public static final ConfigDef DEF = ConfigDef.builder()
            .keys(BOOTSTRAP_SERVERS, TOPICS, TOPICS_REGEX, GROUP_ID, BATCH_SIZE, BATCH_DURATION_MS,
                    OFFSET_COMMIT_INTERVAL_MS, USE_FLUME_EVENT_FORMAT, SET_TOPIC_HEADER, TOPIC_HEADER, TIMESTAMP_HEADER, MIGRATE_ZOOKEEPER_OFFSETS,
                    DISABLE_TLS_HOSTNAME_VERIFICATION)
            .prefix(CONSUMER_PREFIX, "Passed to the KafkaConsumer (e.g. kafka.consumer.auto.offset.reset, "
                    + "kafka.consumer.max.poll.interval.ms, SSL and SASL settings). Flafka defaults: "
                    + "partition.assignment.strategy=CooperativeStickyAssignor, max.poll.records=batchSize. "
                    + "Always set: bootstrap.servers, group.id, enable.auto.commit=false, String keys, byte[] values.")
            .prefix(HeaderMapping.PREFIX, "header.<flumeHeader> = <kafkaHeader>: copies the Kafka record header's "
                    + "value (UTF-8) into the Flume header, unless the event already has it.")
            .refuse("zookeeperConnect", "Kafka no longer uses ZooKeeper to find brokers; set kafka.bootstrap.servers "
                    + "to the brokers' host:port list instead")
            .ignore("backoffSleepIncrement", "the source's poll already waits up to batchDurationMillis for records, "
                    + "so no extra sleep is added after an empty poll")
            .ignore("maxBackoffSleep", "the source's poll already waits up to batchDurationMillis for records, "
                    + "so no extra sleep is added after an empty poll")
            .batchSizeKey(BATCH_SIZE.name())
            .build();

    private KafkaSourceConfig() {
    }
}
