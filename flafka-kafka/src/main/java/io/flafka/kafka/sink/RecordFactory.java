package io.flafka.kafka.sink;

import io.flafka.api.Event;
import io.flafka.api.config.Config;
import io.flafka.api.metrics.CounterGroup;
import io.flafka.kafka.avro.AvroFlumeEventCodec;
import io.flafka.kafka.common.HeaderMapping;
import io.flafka.kafka.common.KafkaHeaders;
import io.flafka.kafka.common.TopicTemplate;
import java.nio.charset.StandardCharsets;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns a Flume event into the Kafka record the sink sends: topic (override header, else the
 * {@code kafka.topic} template), partition (header, else default), timestamp header, key header,
 * mapped headers, and the value (body, or the whole event as AvroFlumeEvent). Refuses events that
 * would loop back into the topic they were read from. Used by the sink's runner thread only.
 */
final class RecordFactory {
    static final String INVALID_TIMESTAMP = "InvalidTimestampCount";
    private static final Logger LOG = LoggerFactory.getLogger(RecordFactory.class);

    private final String sinkName;
    private final TopicTemplate topic;
    private final boolean allowTopicOverride;
    private final String topicHeader;
    private final boolean allowTopicLoop;
    private final Integer defaultPartition;
    private final String partitionHeader;
    private final String timestampHeader;
    private final HeaderMapping headerMapping;
    private final boolean flumeFormat;
    private final CounterGroup counters;

    RecordFactory(String sinkName, Config c, CounterGroup counters) {
        this.sinkName = sinkName;
        this.topic = TopicTemplate.parse(c.get(KafkaSinkConfig.TOPIC));
        this.allowTopicOverride = c.get(KafkaSinkConfig.ALLOW_TOPIC_OVERRIDE);
        this.topicHeader = c.get(KafkaSinkConfig.TOPIC_HEADER);
        this.allowTopicLoop = c.get(KafkaSinkConfig.ALLOW_TOPIC_LOOP);
        this.defaultPartition = c.get(KafkaSinkConfig.DEFAULT_PARTITION_ID);
        this.partitionHeader = c.get(KafkaSinkConfig.PARTITION_ID_HEADER);
        this.timestampHeader = c.get(KafkaSinkConfig.TIMESTAMP_HEADER);
        this.headerMapping = HeaderMapping.from(c);
        this.flumeFormat = c.get(KafkaSinkConfig.USE_FLUME_EVENT_FORMAT);
        this.counters = counters;
    }

    ProducerRecord<String, byte[]> toRecord(Event e) throws RejectedEventException {
        String overridden = allowTopicOverride ? e.header(topicHeader) : null;
        String t = overridden != null ? overridden : topic.resolve(e);
        if (!allowTopicLoop) {
            String origin = e.header(KafkaHeaders.SOURCE_TOPIC);
            if (t.equals(origin)) {
                throw new RejectedEventException(RejectedEventException.Reason.TOPIC_LOOP,
                        "event read from Kafka topic '" + origin + "' would be written back into it"
                        + (overridden != null ? " (its '" + topicHeader + "' header overrides kafka.topic '" + topic
                                + "'; set allowTopicOverride = false to use kafka.topic)" : "")
                        + "; set allowTopicLoop = true if the loop is intended");
            }
        }
        return new ProducerRecord<>(t, partition(e), timestamp(e), e.header(KafkaHeaders.KEY), value(e), headers(e));
    }

    private Integer partition(Event e) throws RejectedEventException {
        if (partitionHeader != null) {
            String v = e.header(partitionHeader);
            if (v != null) {
                try {
                    int p = Integer.parseInt(v.trim());
                    if (p >= 0) {
                        return p;
                    }
                } catch (NumberFormatException ignored) {
                    // reported below
                }
                throw new RejectedEventException(RejectedEventException.Reason.BAD_PARTITION,
                        "header '" + partitionHeader + "' (partitionIdHeader) is '" + v
                        + "', not a partition number");
            }
        }
        return defaultPartition;
    }

    private Long timestamp(Event e) {
        if (timestampHeader == null) {
            return null;
        }
        String v = e.header(timestampHeader);
        if (v == null) {
            return null;
        }
        try {
            long ts = Long.parseLong(v.trim());
            if (ts >= 0) {
                return ts;
            }
        } catch (NumberFormatException ignored) {
            // reported below
        }
        counters.increment(INVALID_TIMESTAMP);
        LOG.warn("Sink {}: header '{}' (timestampHeader) is '{}', not milliseconds since the epoch; "
                + "the producer's time is used", sinkName, timestampHeader, v);
        return null;
    }

    private byte[] value(Event e) {
        return flumeFormat ? AvroFlumeEventCodec.get().encode(e) : e.body();
    }

    private RecordHeaders headers(Event e) {
        if (headerMapping.isEmpty() || !e.hasHeaders()) {
            return null;
        }
        RecordHeaders h = null;
        for (int i = 0; i < headerMapping.size(); i++) {
            String v = e.header(headerMapping.flumeName(i));
            if (v != null) {
                if (h == null) {
                    h = new RecordHeaders();
                }
                h.add(headerMapping.kafkaName(i), v.getBytes(StandardCharsets.UTF_8));
            }
        }
        return h;
    }
}
