package io.flafka.kafka.source;

import io.flafka.api.DeferredHeaders;
import io.flafka.api.Event;
import io.flafka.api.config.Config;
import io.flafka.kafka.avro.AvroFlumeEventCodec;
import io.flafka.kafka.avro.MalformedEventException;
import io.flafka.kafka.common.HeaderMapping;
import io.flafka.kafka.common.KafkaHeaders;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;

/**
 * Turns a Kafka record into a Flume event: the value is the body (or a decoded AvroFlumeEvent), then
 * the timestamp, topic, partition, offset and mapped headers are added unless already present, the
 * {@code key} header is overwritten when the record has a key, and the provenance header
 * {@value KafkaHeaders#SOURCE_TOPIC} is always overwritten.
 *
 * <p>A plain record (not {@code useFlumeEventFormat}, no {@code header.*} mapping) gets those headers
 * deferred ({@link DeferredHeaders}): built from the record when something first reads the event's headers,
 * on that thread, so a pipeline that never reads them (a null or HDFS text sink) never formats them.
 * {@link #toEvent} runs on the source's runner thread only.
 */
final class RecordConverter {
    private static final byte[] EMPTY = new byte[0];
    /** Partition numbers' text, shared by every thread that builds headers (a String is safe to publish racily). */
    private static final String[] PARTITION_TEXTS = new String[256];

    private final boolean flumeFormat;
    private final String topicHeader;
    private final String timestampHeader;
    private final HeaderMapping mapping;
    private final boolean defer;
    /**
     * The text of the last timestamp made: records of a batch mostly share their millisecond. Read and
     * replaced by any thread that builds headers; a racy field is safe, the holder being immutable.
     */
    private TimeText lastTime = new TimeText(Long.MIN_VALUE, Long.toString(Long.MIN_VALUE));

    private record TimeText(long millis, String text) {
    }

    RecordConverter(Config c) {
        this.flumeFormat = c.get(KafkaSourceConfig.USE_FLUME_EVENT_FORMAT);
        this.topicHeader = c.get(KafkaSourceConfig.SET_TOPIC_HEADER) ? c.get(KafkaSourceConfig.TOPIC_HEADER) : null;
        this.timestampHeader = c.get(KafkaSourceConfig.TIMESTAMP_HEADER);
        this.mapping = HeaderMapping.from(c);
        this.defer = !flumeFormat && mapping.isEmpty();
    }

    private static String partitionText(int partition) {
        if (partition < 0 || partition >= PARTITION_TEXTS.length) {
            return Integer.toString(partition);
        }
        String t = PARTITION_TEXTS[partition];
        if (t == null) {
            t = Integer.toString(partition);
            PARTITION_TEXTS[partition] = t;
        }
        return t;
    }

    /** The event, or an exception naming where the malformed record lives. */
    Event toEvent(ConsumerRecord<String, byte[]> r) throws MalformedEventException {
        byte[] value = r.value() == null ? EMPTY : r.value();
        if (defer) {
            return Event.of(value, new Deferred(this, r));
        }
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
        addHeaders(e.headers(), r);
        return e;
    }

    private void addHeaders(Map<String, String> h, ConsumerRecord<String, byte[]> r) {
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
    }

    private String timestampText(long millis) {
        TimeText t = lastTime;
        if (t.millis() != millis) {
            t = new TimeText(millis, Long.toString(millis));
            lastTime = t;
        }
        return t.text();
    }

    /** What {@link #addHeaders} adds to an empty map, in {@link Event#sizeInBytes()} terms. */
    private long headerSize(ConsumerRecord<String, byte[]> r) {
        long chars = timestampHeader.length() + digits(r.timestamp())
                + KafkaHeaders.PARTITION.length() + digits(r.partition())
                + KafkaHeaders.OFFSET.length() + digits(r.offset())
                + KafkaHeaders.SOURCE_TOPIC.length() + r.topic().length();
        if (topicHeader != null) {
            chars += topicHeader.length() + r.topic().length();
        }
        if (r.key() != null) {
            chars += KafkaHeaders.KEY.length() + r.key().length();
        }
        return 2 * chars;
    }

    /** The number of characters of {@code Long.toString(v)}, without making it (comparisons, no division). */
    static int digits(long v) {
        if (v < 0) {
            return v == Long.MIN_VALUE ? 20 : 1 + digits(-v);
        }
        long bound = 10;
        for (int n = 1; n < 19; n++) {
            if (v < bound) {
                return n;
            }
            bound *= 10;
        }
        return 19;
    }

    /** A record's headers, built when the event's headers are first read. */
    private static final class Deferred implements DeferredHeaders {
        private final RecordConverter converter;
        private final ConsumerRecord<String, byte[]> record;

        Deferred(RecordConverter converter, ConsumerRecord<String, byte[]> record) {
            this.converter = converter;
            this.record = record;
        }

        @Override
        public void addTo(Map<String, String> headers) {
            converter.addHeaders(headers, record);
        }

        @Override
        public long sizeInBytes() {
            return converter.headerSize(record);
        }
    }
}
