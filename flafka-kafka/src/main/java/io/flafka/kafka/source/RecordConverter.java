package io.flafka.kafka.source;

import io.flafka.api.Event;
import io.flafka.api.config.Config;
import io.flafka.kafka.avro.AvroFlumeEventCodec;
import io.flafka.kafka.avro.MalformedEventException;
import io.flafka.kafka.common.HeaderMapping;
import io.flafka.kafka.common.KafkaHeaders;
import java.nio.charset.StandardCharsets;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;

/**
 * Turns a Kafka record into a Flume event: the value is the body (or a decoded AvroFlumeEvent), then
 * the timestamp, topic, partition, offset and mapped headers are added unless already present, the
 * {@code key} header is overwritten when the record has a key, and the provenance header
 * {@value KafkaHeaders#SOURCE_TOPIC} is always overwritten. Used by the source's runner thread only
 * (it caches the text of the last timestamp and of each partition number).
 */
final class RecordConverter {
    private static final byte[] EMPTY = new byte[0];

    private final boolean flumeFormat;
    private final String topicHeader;
    private final String timestampHeader;
    private final HeaderMapping mapping;
    private long lastTimestamp;
    private String lastTimestampText;
    private String[] partitionTexts = new String[16];

    RecordConverter(Config c) {
        this.flumeFormat = c.get(KafkaSourceConfig.USE_FLUME_EVENT_FORMAT);
        this.topicHeader = c.get(KafkaSourceConfig.SET_TOPIC_HEADER) ? c.get(KafkaSourceConfig.TOPIC_HEADER) : null;
        this.timestampHeader = c.get(KafkaSourceConfig.TIMESTAMP_HEADER);
        this.mapping = HeaderMapping.from(c);
    }

    /** Records of one batch mostly share their millisecond: reuse the last timestamp's text. */
    private String timestampText(long timestamp) {
        if (timestamp != lastTimestamp || lastTimestampText == null) {
            lastTimestamp = timestamp;
            lastTimestampText = Long.toString(timestamp);
        }
        return lastTimestampText;
    }

    /** Partition numbers are few: their text is made once each. */
    private String partitionText(int partition) {
        if (partition >= partitionTexts.length) {
            partitionTexts = java.util.Arrays.copyOf(partitionTexts, Math.max(partition + 1, partitionTexts.length * 2));
        }
        String t = partitionTexts[partition];
        if (t == null) {
            t = Integer.toString(partition);
            partitionTexts[partition] = t;
        }
        return t;
    }

    /** The event, or an exception naming where the malformed record lives. */
    Event toEvent(ConsumerRecord<String, byte[]> r) throws MalformedEventException {
        byte[] value = r.value() == null ? EMPTY : r.value();
        Event e;
        if (flumeFormat) {
            try {
                e = AvroFlumeEventCodec.get().decode(value);
            } catch (MalformedEventException ex) {
                throw new MalformedEventException("record " + r.topic() + "-" + r.partition() + "@" + r.offset()
                        + " is not a binary AvroFlumeEvent (useFlumeEventFormat = true): " + ex.getCause(), ex);
            }
        } else {
            e = Event.of(value);
        }
        java.util.Map<String, String> h = e.headers();
        h.putIfAbsent(timestampHeader, timestampText(r.timestamp()));
        if (topicHeader != null) {
            h.putIfAbsent(topicHeader, r.topic());
        }
        h.putIfAbsent(KafkaHeaders.PARTITION, partitionText(r.partition()));
        h.putIfAbsent(KafkaHeaders.OFFSET, Long.toString(r.offset()));
        for (int i = 0; i < mapping.size(); i++) {
            String flumeName = mapping.flumeName(i);
            if (!h.containsKey(flumeName)) {
                Header kh = r.headers().lastHeader(mapping.kafkaName(i));
                if (kh != null && kh.value() != null) {
                    h.put(flumeName, new String(kh.value(), StandardCharsets.UTF_8));
                }
            }
        }
        if (r.key() != null) {
            h.put(KafkaHeaders.KEY, r.key());
        }
        h.put(KafkaHeaders.SOURCE_TOPIC, r.topic());
        return e;
    }
}
