package io.flafka.kafka.source;

import io.flafka.api.metrics.CounterGroup;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.RebalanceInProgressException;
import org.apache.kafka.common.errors.WakeupException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The offsets whose events are committed in the channels, and their commit to Kafka. An offset
 * enters only once its batch was accepted; a failed commit keeps it for the next attempt (counted in
 * {@code KafkaCommitFailCount}, logged). Used by the source's runner thread only.
 */
final class OffsetCommitter {
    private static final Logger LOG = LoggerFactory.getLogger(OffsetCommitter.class);

    private final String sourceName;
    private final CounterGroup counters;
    private final Map<TopicPartition, OffsetAndMetadata> safe = new HashMap<>();

    OffsetCommitter(String sourceName, CounterGroup counters) {
        this.sourceName = sourceName;
        this.counters = counters;
    }

    /** Marks everything up to and including this record as safe in the channel. */
    void markSafe(ConsumerRecord<String, byte[]> last) {
        TopicPartition tp = new TopicPartition(last.topic(), last.partition());
        OffsetAndMetadata prev = safe.get(tp);
        if (prev == null || prev.offset() < last.offset() + 1) {
            safe.put(tp, new OffsetAndMetadata(last.offset() + 1));
        }
    }

    /** Commits every safe offset. */
    void commitAll(KafkaConsumer<String, byte[]> consumer) {
        commit(consumer, safe.keySet());
    }

    /** Commits the safe offsets of these partitions; a failure is counted, logged and retried later. */
    void commit(KafkaConsumer<String, byte[]> consumer, Collection<TopicPartition> partitions) {
        Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
        for (TopicPartition tp : partitions) {
            OffsetAndMetadata o = safe.get(tp);
            if (o != null) {
                offsets.put(tp, o);
            }
        }
        if (offsets.isEmpty()) {
            return;
        }
        long start = System.nanoTime();
        try {
            consumer.commitSync(offsets);
            safe.keySet().removeAll(offsets.keySet());
        } catch (WakeupException e) {
            throw e;
        } catch (RebalanceInProgressException e) {
            // expected while a cooperative rebalance completes; retried with the next batch or at revocation
            counters.increment(KafkaSource.COMMIT_FAIL);
            LOG.info("Source {}: offset commit deferred, a rebalance is in progress", sourceName);
        } catch (KafkaException e) {
            counters.increment(KafkaSource.COMMIT_FAIL);
            LOG.warn("Source {}: committing offsets {} failed ({}); the events are in the channel, the commit is "
                    + "retried and they may be read again", sourceName, offsets, e.toString());
        } finally {
            counters.add(KafkaSource.COMMIT_TIMER, TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start));
        }
    }

    /** Forgets offsets of partitions no longer owned (their new owner commits its own). */
    void forget(Collection<TopicPartition> partitions) {
        safe.keySet().removeAll(partitions);
    }

    /** The offsets not yet committed, for messages. */
    @Override
    public String toString() {
        return safe.toString();
    }
}
