package io.flafka.kafka.sink;

import io.flafka.api.config.ConfigDef;
import io.flafka.api.config.ConfigKey;
import io.flafka.api.config.Validators;
import io.flafka.kafka.common.ClientProperties;
import io.flafka.kafka.common.HeaderMapping;

/** Every key of the Kafka sink, with Flume's names, spellings and (where Flafka differs, documented) defaults. */
public final class KafkaSinkConfig {
    /** Pass-through prefix for KafkaProducer properties. */
    public static final String PRODUCER_PREFIX = "kafka.producer.";

    public static final ConfigKey<String> BOOTSTRAP_SERVERS = ConfigKey.stringKey("kafka.bootstrap.servers")
            .required().validator(Validators.nonBlank()).deprecated("brokerList")
            .doc("Kafka brokers to bootstrap from, host:port separated by commas.").build();

    public static final ConfigKey<String> TOPIC = ConfigKey.stringKey("kafka.topic").defaultValue("default-flume-topic")
            .validator(Validators.nonBlank()).deprecated("topic")
            .doc("Topic written to when the event carries no topic header (see allowTopicOverride). "
                    + "%{header} escapes are replaced by the event's header values (empty when absent).").build();

    public static final ConfigKey<Integer> BATCH_SIZE = ConfigKey.intKey("flumeBatchSize").defaultValue(100)
            .validator(Validators.atLeast(1)).alias("kafka.flumeBatchSize").deprecated("batchSize")
            .doc("Most events taken from the channel in one transaction and sent as one batch. "
                    + "Flume's guide spells it kafka.flumeBatchSize; both are accepted.").build();

    public static final ConfigKey<Integer> MAX_IN_FLIGHT_BATCHES = ConfigKey.intKey("maxInFlightBatches")
            .defaultValue(16).validator(Validators.atLeast(1))
            .doc("Flafka only. Most channel transactions (batches of flumeBatchSize) sent and awaiting their "
                    + "acknowledgements at once: the sink takes the next batch while earlier ones are in flight, "
                    + "and commits them strictly in order, each once all its records are acknowledged. A failure "
                    + "rolls back that batch and every later one (they are sent again: at-least-once). Enough "
                    + "batches in flight keep the producer's produce requests as full as a lone KafkaProducer's; "
                    + "fewer leave the broker idle between smaller requests. 1 is Flume's behaviour (send, wait "
                    + "for every acknowledgement, commit, then take the next). Channels that allow one open take "
                    + "per thread (the Kafka channel) always use 1.").build();

    public static final ConfigKey<String> ACKS = ConfigKey.stringKey(PRODUCER_PREFIX + "acks").defaultValue("all")
            .validator(Validators.oneOf("all", "-1", "0", "1")).deprecated("requiredAcks")
            .doc("Acknowledgements the producer waits for. Flafka defaults to 'all' with enable.idempotence=true "
                    + "(Flume defaults to 1, which loses acknowledged events when a leader fails). "
                    + "With 0 or 1, idempotence is turned off unless set explicitly.").build();

    public static final ConfigKey<Boolean> USE_FLUME_EVENT_FORMAT = ConfigKey.booleanKey("useFlumeEventFormat")
            .defaultValue(false)
            .doc("true: the record value is the event as a binary AvroFlumeEvent (headers and body), "
                    + "readable by a Kafka source or channel with the same setting. false: the value is the body.")
            .build();

    public static final ConfigKey<Boolean> ALLOW_TOPIC_OVERRIDE = ConfigKey.booleanKey("allowTopicOverride")
            .defaultValue(true)
            .doc("true: an event's topic header (topicHeader) chooses the topic, overriding kafka.topic.").build();

    public static final ConfigKey<String> TOPIC_HEADER = ConfigKey.stringKey("topicHeader").defaultValue("topic")
            .validator(Validators.nonBlank())
            .doc("The header naming the topic when allowTopicOverride is true.").build();

    public static final ConfigKey<Boolean> ALLOW_TOPIC_LOOP = ConfigKey.booleanKey("allowTopicLoop").defaultValue(false)
            .doc("Flafka only. A Kafka source marks each event with the topic it was read from (header "
                    + "flafka.sourceTopic). Unless this is true, the sink refuses to write an event back into that "
                    + "topic: the batch fails with an error naming the topic, the events stay in the channel and are "
                    + "counted (TopicLoopRefusedCount). This catches Flume's classic Kafka source -> Kafka sink loop, "
                    + "where the source's topic header overrides the sink's kafka.topic.").build();

    public static final ConfigKey<Integer> DEFAULT_PARTITION_ID = ConfigKey.intKey("defaultPartitionId")
            .validator(Validators.atLeast(0))
            .doc("Partition every event is written to, unless partitionIdHeader names another. "
                    + "Unset: the producer's partitioner chooses (by key).").build();

    public static final ConfigKey<String> PARTITION_ID_HEADER = ConfigKey.stringKey("partitionIdHeader")
            .doc("Header holding the partition number of an event. A value that is not a non-negative integer "
                    + "fails the batch (the events stay in the channel), with a message naming header and value.")
            .build();

    public static final ConfigKey<String> TIMESTAMP_HEADER = ConfigKey.stringKey("timestampHeader")
            .doc("Header whose value (milliseconds since the epoch) becomes the record timestamp. "
                    + "A missing or invalid value: the producer's time is used (invalid values are counted "
                    + "in InvalidTimestampCount and logged).").build();

    public static final ConfigKey<Boolean> DISABLE_TLS_HOSTNAME_VERIFICATION = ConfigKey
            .booleanKey(PRODUCER_PREFIX + ClientProperties.DISABLE_TLS_HOSTNAME_VERIFICATION).defaultValue(false)
            .doc("true: do not verify the broker's TLS host name (sets ssl.endpoint.identification.algorithm to empty).")
            .build();

    /** The declaration. */
    public static final ConfigDef DEF = ConfigDef.builder()
            .keys(BOOTSTRAP_SERVERS, TOPIC, BATCH_SIZE, MAX_IN_FLIGHT_BATCHES, ACKS, USE_FLUME_EVENT_FORMAT, ALLOW_TOPIC_OVERRIDE,
                    TOPIC_HEADER, ALLOW_TOPIC_LOOP, DEFAULT_PARTITION_ID, PARTITION_ID_HEADER, TIMESTAMP_HEADER,
                    DISABLE_TLS_HOSTNAME_VERIFICATION)
            .prefix(PRODUCER_PREFIX, "Passed to the KafkaProducer (e.g. kafka.producer.linger.ms, "
                    + "kafka.producer.compression.type, SSL and SASL settings). Flafka defaults: acks=all, "
                    + "enable.idempotence=true, key.serializer=StringSerializer, value.serializer=ByteArraySerializer.")
            .prefix(HeaderMapping.PREFIX, "header.<flumeHeader> = <kafkaHeader>: copies the Flume header's value "
                    + "(UTF-8) into a Kafka record header of that name.")
            .refuse(PRODUCER_PREFIX + "transactional.id", "Kafka transactions are not supported by the Kafka sink; "
                    + "remove it. The sink already waits for every acknowledgement (acks=all, idempotent producer) "
                    + "before committing its channel transaction.")
            .batchSizeKey(BATCH_SIZE.name())
            .build();

    private KafkaSinkConfig() {
    }
}
