package io.flafka.kafka.common;

/** Names of the Flume event headers the Kafka components read and write. */
public final class KafkaHeaders {
    /** Record key, read by the sink and channel, written by the source. */
    public static final String KEY = "key";
    /** Default name of the topic header (source: where it read; sink: where to write). */
    public static final String TOPIC = "topic";
    public static final String PARTITION = "partition";
    public static final String OFFSET = "offset";
    public static final String TIMESTAMP = "timestamp";
    /**
     * Flafka's provenance header: the topic a Kafka source read the event from. Always set (and
     * overwritten) by the Kafka source; the Kafka sink refuses to write an event back into this topic
     * unless {@code allowTopicLoop = true}.
     */
    public static final String SOURCE_TOPIC = "flafka.sourceTopic";

    private KafkaHeaders() {
    }
}
