package io.flafka.kafka.channel;

import io.flafka.api.metrics.CounterGroup;
import java.time.Duration;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.consumer.CloseOptions;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One consumer of the channel's topic with the records it polled but has not handed out yet. A lease
 * is held by one take transaction at a time (so by one thread at a time) and returned to the
 * {@link ConsumerPool} when the transaction completes; only {@link #wakeup()} may be called
 * concurrently.
 */
final class ConsumerLease {
    private static final Logger LOG = LoggerFactory.getLogger(ConsumerLease.class);

    private final KafkaConsumer<String, byte[]> consumer;
    private final PolledRecords buffer = new PolledRecords();
    private final String channelName;
    private final TakeCommitter commits;
    private volatile boolean closed;

    ConsumerLease(String channelName, Map<String, Object> props, String topic, KafkaChannelConfig.TakeCommit mode,
                  int commitIntervalMillis, CounterGroup counters) {
        this.channelName = channelName;
        this.consumer = new KafkaConsumer<>(props);
        this.commits = new TakeCommitter(channelName, consumer, mode, commitIntervalMillis, counters);
        consumer.subscribe(List.of(topic), new Listener());
    }

    /**
     * The next record: buffered, else from one poll waiting up to {@code wait}; null when none came.
     */
    ConsumerRecord<String, byte[]> next(Duration wait) {
        if (buffer.isEmpty()) {
            commits.sendUnsent();   // offsets that waited for the previous commit's callback
            buffer.addAll(consumer.poll(wait));
        }
        return buffer.poll();
    }

    /** Commits the position after each record taken (see {@link TakeCommitter}); throws on failure. */
    void commit(Map<TopicPartition, OffsetAndMetadata> offsets) {
        commits.commit(offsets);
    }

    /**
     * Returns taken records to the topic: each partition is sought back to its first taken offset and
     * the later records buffered for it are dropped (they are fetched again).
     */
    void seekBack(Map<TopicPartition, Long> firstTaken) {
        if (closed) {
            return; // the records stay uncommitted in Kafka and are read again by the group
        }
        buffer.remove(firstTaken.keySet());
        Set<TopicPartition> owned = consumer.assignment();
        for (Map.Entry<TopicPartition, Long> e : firstTaken.entrySet()) {
            if (owned.contains(e.getKey())) {
                consumer.seek(e.getKey(), e.getValue());
            }
        }
    }

    void wakeup() {
        consumer.wakeup();
    }

    /** Closes the consumer; idempotent. */
    synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            commits.commitBeforeClose();
            consumer.close(CloseOptions.timeout(Duration.ofSeconds(5)));
        } catch (RuntimeException e) {
            LOG.warn("Channel {}: closing a consumer failed: {}", channelName, e.toString());
        }
    }

    /**
     * Closes the consumer if no thread is inside it right now (the channel is stopping while a take
     * transaction is open but idle); returns false when it is busy and must be closed on release.
     */
    synchronized boolean tryCloseIdle() {
        if (closed) {
            return true;
        }
        try {
            commits.commitBeforeClose();   // only offsets of committed takes: the open one's are not among them
            consumer.close(CloseOptions.timeout(Duration.ofSeconds(5)));
            closed = true;
            return true;
        } catch (java.util.ConcurrentModificationException e) {
            return false;
        } catch (RuntimeException e) {
            closed = true;
            LOG.warn("Channel {}: closing a consumer failed: {}", channelName, e.toString());
            return true;
        }
    }

    boolean isClosed() {
        return closed;
    }

    /**
     * Commits the confirmed-pending offsets of revoked partitions, then drops their buffered records;
     * their new owner reads them.
     */
    private final class Listener implements ConsumerRebalanceListener {
        @Override
        public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
            commits.commitRevoked(partitions);
            drop(partitions);
        }

        @Override
        public void onPartitionsLost(Collection<TopicPartition> partitions) {
            commits.forget(partitions);
            drop(partitions);
        }

        @Override
        public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
            // nothing to do: positions come from the committed offsets
        }

        private void drop(Collection<TopicPartition> partitions) {
            if (partitions.isEmpty()) {
                return;
            }
            buffer.remove(new HashSet<>(partitions));
            LOG.info("Channel {}: partitions revoked {}", channelName, partitions);
        }
    }
}
