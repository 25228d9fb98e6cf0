package io.flafka.kafka.channel;

import io.flafka.api.ChannelException;
import io.flafka.api.Event;
import io.flafka.api.config.Config;
import io.flafka.kafka.avro.AvroFlumeEventCodec;
import io.flafka.kafka.avro.MalformedEventException;
import io.flafka.kafka.common.KafkaHeaders;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;

/** Converts between the channel's events and its topic's records. Stateless; thread-safe. */
final class ChannelRecords {
    private final String topic;
    private final boolean flumeFormat;
    private final Integer defaultPartition;
    private final String partitionHeader;

    ChannelRecords(Config c) {
        this.topic = c.get(KafkaChannelConfig.TOPIC);
        this.flumeFormat = c.get(KafkaChannelConfig.PARSE_AS_FLUME_EVENT);
        this.defaultPartition = c.get(KafkaChannelConfig.DEFAULT_PARTITION_ID);
        this.partitionHeader = c.get(KafkaChannelConfig.PARTITION_ID_HEADER);
    }

    ProducerRecord<String, byte[]> toRecord(Event e) {
        byte[] value = flumeFormat ? AvroFlumeEventCodec.get().encode(e) : e.body();
        return new ProducerRecord<>(topic, partition(e), e.header(KafkaHeaders.KEY), value);
    }

    private Integer partition(Event e) {
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
                throw new ChannelException("header '" + partitionHeader + "' (partitionIdHeader) is '" + v
                        + "', not a partition number");
            }
        }
        return defaultPartition;
    }

    /** The event of a record, with the record key in the {@code key} header. */
    Event toEvent(ConsumerRecord<String, byte[]> r) throws MalformedEventException {
        byte[] value = r.value() == null ? new byte[0] : r.value();
        Event e = flumeFormat ? AvroFlumeEventCodec.get().decode(value) : Event.of(value);
        if (r.key() != null) {
            e.header(KafkaHeaders.KEY, r.key());
        }
        return e;
    }
}
