package io.flafka.kafka.source;

import static org.assertj.core.api.Assertions.assertThat;

import io.flafka.api.Event;
import io.flafka.api.config.Config;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.record.TimestampType;
import org.junit.jupiter.api.Test;

class RecordConverterTest {

    private static RecordConverter converter(Map<String, String> extra) {
        Map<String, String> raw = new HashMap<>(Map.of("kafka.bootstrap.servers", "127.0.0.1:1", "kafka.topics", "t"));
        raw.putAll(extra);
        return new RecordConverter(Config.parse(KafkaSourceConfig.DEF, raw));
    }

    private static ConsumerRecord<String, byte[]> record(String topic, int partition, long offset, long ts, String key) {
        return new ConsumerRecord<>(topic, partition, offset, ts, TimestampType.CREATE_TIME, 0, 0, key, new byte[7],
                new RecordHeaders(), Optional.empty());
    }

    @Test
    void deferredHeadersAreSizedExactlyAsBuilt() throws Exception {
        for (Map<String, String> conf : java.util.List.of(Map.<String, String>of(),
                Map.of("setTopicHeader", "false"), Map.of("topicHeader", "from"))) {
            RecordConverter c = converter(conf);
            for (ConsumerRecord<String, byte[]> r : java.util.List.of(record("t", 0, 0, 1_600_000_000_000L, null),
                    record("orders", 12, 123_456_789_012L, -1, "k-1"), record("x", 255, Long.MAX_VALUE, 9, ""),
                    record("y", 1000, 10, Long.MIN_VALUE, "key"))) {
                Event deferred = c.toEvent(r);
                long estimate = deferred.sizeInBytes();
                Map<String, String> built = new HashMap<>(deferred.headers());
                assertThat(Event.of(deferred.body(), built).sizeInBytes()).as("%s %s", conf, r).isEqualTo(estimate);
                assertThat(built).containsEntry("offset", Long.toString(r.offset()))
                        .containsEntry("partition", Integer.toString(r.partition()))
                        .containsEntry("timestamp", Long.toString(r.timestamp()))
                        .containsEntry("flafka.sourceTopic", r.topic());
            }
        }
    }

    @Test
    void eachEventGetsItsOwnTimestampWhenTheTextOfTheLastOneIsReused() throws Exception {
        RecordConverter c = converter(Map.of());
        long offset = 0;
        for (long ts : new long[] {5, 5, 6, 5, Long.MIN_VALUE, Long.MIN_VALUE, 7, -1, 7}) {
            assertThat(c.toEvent(record("t", 0, offset++, ts, null)).header("timestamp")).isEqualTo(Long.toString(ts));
        }
    }

    @Test
    void digitsCountsLikeLongToString() {
        for (long v : new long[] {0, 1, 9, 10, 99, 100, -1, -9, -10, -11, 1_600_000_000_000L, Long.MAX_VALUE,
                Long.MIN_VALUE, Integer.MIN_VALUE, 999_999_999_999_999_999L, 1_000_000_000_000_000_000L, -Long.MAX_VALUE}) {
            assertThat(RecordConverter.digits(v)).as("%d", v).isEqualTo(Long.toString(v).length());
        }
    }
}
