package io.flafka.kafka.source;

import io.flafka.api.metrics.CounterGroup;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The offsets whose events are committed in the channels, and their commit to Kafka. An offset
 * enters only once its batch was accepted, so a commit is never ahead of the channel.
 *
 * <p>After each batch {@link #commitAsync} sends the offsets that grew since the last send, without
 * waiting, unless an async commit is still in flight or the last one was sent less than
 * {@code offsetCommitIntervalMillis} ago: then a later batch sends the latest offsets (a commit per
 * interval instead of one per batch, which spares the broker most of the offset writes when batches come
 * faster than that). Partition revocation and
 * stop use {@link #commitSync}, which covers every safe offset not yet confirmed. A failed commit is counted ({@code KafkaCommitFailCount}) and WARN-logged; the next
 * commit retries it (a later async commit of the same partition supersedes it). Used by the source's
 * runner thread only: Kafka runs the async callbacks inside {@code poll()}/commit calls on that thread.
 */
final class OffsetCommitter {
    private static final Logger LOG = LoggerFactory.getLogger(OffsetCommitter.class);
    /** Kafka always completes an async commit (at worst with a timeout); past this, send anyway rather than stall. */
    private static final long STALE_IN_FLIGHT_NANOS = TimeUnit.SECONDS.toNanos(30);

    private final String sourceName;
    private final CounterGroup counters;
    /** Per partition: the next offset to read once every event before it is in the channel. */
    private final Map<TopicPartition, Long> safe = new HashMap<>();
    /** Per partition: the offset last sent (async or sync) and not known to have failed. */
    private final Map<TopicPartition, Long> sent = new HashMap<>();
    /** Per partition: the offset the group coordinator confirmed. */
    private final Map<TopicPartition, Long> confirmed = new HashMap<>();

    /** Async commits sent whose callback has not run yet, and when the last one was sent. */
    private int inFlight;
    private long inFlightSince;
    /** The shortest time between two async commits, and when the last one was sent. */
    private final long intervalNanos;
    private long lastSentAt;

    OffsetCommitter(String sourceName, CounterGroup counters, long intervalMillis) {
        this.sourceName = sourceName;
        this.counters = counters;
        this.intervalNanos = TimeUnit.MILLISECONDS.toNanos(intervalMillis);
        this.lastSentAt = System.nanoTime() - intervalNanos;
    }

    /** Marks everything up to and including this record as safe in the channel. */
    void markSafe(ConsumerRecord<String, byte[]> last) {
        safe.merge(new TopicPartition(last.topic(), last.partition()), last.offset() + 1, Math::max);
    }

    /** Sends the safe offsets not sent yet, without waiting; the outcome arrives in a later poll or commit. */
    void commitAsync(Consumer<String, byte[]> consumer) {
        long now = System.nanoTime();
        if (inFlight > 0 && now - inFlightSince < STALE_IN_FLIGHT_NANOS) {
            // one commit at a time: the next one, after its callback, carries every offset that grew meanwhile
            return;
        }
        if (now - lastSentAt < intervalNanos) {
            return; // a later call (the next batch, or the next empty poll) sends them
        }
        Map<TopicPartition, OffsetAndMetadata> offsets = newer(safe.keySet(), sent);
        if (offsets.isEmpty()) {
            return;
        }
        long start = System.nanoTime();
        try {
            offsets.forEach((tp, o) -> sent.put(tp, o.offset()));
            inFlight++;
            inFlightSince = start;
            lastSentAt = start;
            consumer.commitAsync(offsets, (done, error) -> {
                inFlight--;
                onAsyncResult(offsets, error);
            });
        } catch (KafkaException e) {
            inFlight--;
            onAsyncResult(offsets, e);
        } finally {
            counters.add(KafkaSource.COMMIT_TIMER, TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start));
        }
    }

    private void onAsyncResult(Map<TopicPartition, OffsetAndMetadata> offsets, Exception error) {
        if (error == null) {
            offsets.forEach((tp, o) -> {
                if (safe.containsKey(tp)) {   // still owned
                    confirmed.merge(tp, o.offset(), Math::max);
                }
            });
            return;
        }
        // let the next commit send these again, unless a later commit of the partition is already on its way
        offsets.forEach((tp, o) -> sent.remove(tp, o.offset()));
        counters.increment(KafkaSource.COMMIT_FAIL);
        LOG.warn("Source {}: committing offsets {} failed ({}); the events are in the channel, the commit is "
                + "retried and they may be read again", sourceName, offsets, error.toString());
    }

    /** Commits, and waits for, every safe offset not yet confirmed. */
    void commitAllSync(Consumer<String, byte[]> consumer) {
        commitSync(consumer, safe.keySet());
    }

    /** Commits, and waits for, the safe offsets of these partitions not yet confirmed; a failure is counted and logged. */
    void commitSync(Consumer<String, byte[]> consumer, Collection<TopicPartition> partitions) {
        Map<TopicPartition, OffsetAndMetadata> offsets = newer(partitions, confirmed);
        if (offsets.isEmpty()) {
            return;
        }
        long start = System.nanoTime();
        try {
            consumer.commitSync(offsets);
            offsets.forEach((tp, o) -> {
                confirmed.merge(tp, o.offset(), Math::max);
                sent.merge(tp, o.offset(), Math::max);
            });
        } catch (WakeupException e) {
            throw e;
        } catch (KafkaException e) {
            counters.increment(KafkaSource.COMMIT_FAIL);
            LOG.warn("Source {}: committing offsets {} failed ({}); the events are in the channel, they may be "
                    + "read again", sourceName, offsets, e.toString());
        } finally {
            counters.add(KafkaSource.COMMIT_TIMER, TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start));
        }
    }

    /** The safe offsets of these partitions that are beyond {@code than}. */
    private Map<TopicPartition, OffsetAndMetadata> newer(Collection<TopicPartition> partitions,
            Map<TopicPartition, Long> than) {
        Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
        for (TopicPartition tp : partitions) {
            Long o = safe.get(tp);
            Long done = than.get(tp);
            if (o != null && (done == null || done < o)) {
                offsets.put(tp, new OffsetAndMetadata(o));
            }
        }
        return offsets;
    }

    /** Forgets offsets of partitions no longer owned (their new owner commits its own). */
    void forget(Collection<TopicPartition> partitions) {
        safe.keySet().removeAll(partitions);
        sent.keySet().removeAll(partitions);
        confirmed.keySet().removeAll(partitions);
    }

    /** The safe offsets not yet confirmed, for messages. */
    @Override
    public String toString() {
        return newer(safe.keySet(), confirmed).toString();
    }
}
