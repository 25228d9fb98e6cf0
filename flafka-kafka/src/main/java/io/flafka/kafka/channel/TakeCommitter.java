package io.flafka.kafka.channel;

import io.flafka.api.metrics.CounterGroup;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The offset commits of one channel consumer's take transactions, in the channel's
 * {@link KafkaChannelConfig.TakeCommit take-commit mode}.
 *
 * <p>{@code sync}: each take commit is a {@code commitSync}. {@code pipelined}: a take commit records
 * its offsets and sends them with {@code commitAsync} unless an async commit of this consumer is still
 * in flight or the last one was sent less than {@code takeCommitIntervalMillis} ago; then they wait, and a
 * later take commit or poll sends the newest offsets of every partition (they cover the older ones). So at
 * most one commit is in flight, at most one per interval, and a take never waits a round trip. Offsets
 * become committed in Kafka up to an interval plus a round trip after their take commit; a crash in
 * between redelivers those takes (at-least-once). Waiting for the previous commit in
 * each take commit instead would bound that to one take batch, but costs a round trip per batch (in the
 * benchmark 0.48x against 0.86x the raw consumer; Kafka's own empty {@code commitSync} is worse still:
 * it sleeps {@code retry.backoff.ms} whenever a fetch response arrives first).
 *
 * <p>A failed async commit is counted ({@code KafkaCommitFailCount}) and WARN-logged; the next take
 * commit retries the unconfirmed offsets together with its own, synchronously, and throws (so that take
 * rolls back) if that fails too; the failed offsets are then left to later commits of their partitions
 * (redelivery, never loss). {@link #commitRevoked} and {@link #commitBeforeClose} commit synchronously
 * whatever is not confirmed.
 *
 * <p>Used by the thread that holds the consumer; Kafka runs the async callbacks on that thread, inside
 * consumer calls.
 */
final class TakeCommitter {
    private static final Logger LOG = LoggerFactory.getLogger(TakeCommitter.class);

    private final String channelName;
    private final Consumer<String, byte[]> consumer;
    private final KafkaChannelConfig.TakeCommit mode;
    private final CounterGroup counters;
    /** Offsets committed by take transactions and not yet confirmed by the coordinator. */
    private final Map<TopicPartition, OffsetAndMetadata> unconfirmed = new HashMap<>();
    /** Offsets of committed takes not sent yet (a commit was in flight). */
    private final Map<TopicPartition, OffsetAndMetadata> unsent = new HashMap<>();
    private boolean asyncInFlight;
    private boolean asyncFailed;
    private final long intervalNanos;
    private long lastSentAt;

    TakeCommitter(String channelName, Consumer<String, byte[]> consumer, KafkaChannelConfig.TakeCommit mode,
                  int intervalMillis, CounterGroup counters) {
        this.channelName = channelName;
        this.consumer = consumer;
        this.mode = mode;
        this.counters = counters;
        this.intervalNanos = TimeUnit.MILLISECONDS.toNanos(intervalMillis);
        this.lastSentAt = System.nanoTime() - intervalNanos;
    }

    /** Commits a take transaction's offsets; throws when they are surely not committed. */
    void commit(Map<TopicPartition, OffsetAndMetadata> offsets) {
        if (mode == KafkaChannelConfig.TakeCommit.SYNC) {
            consumer.commitSync(offsets);
            return;
        }
        if (asyncFailed) {
            Map<TopicPartition, OffsetAndMetadata> retry = new HashMap<>(unconfirmed);
            retry.putAll(offsets);
            // Retried once, then forgotten either way: a later commit of a partition covers them, and one
            // that keeps failing must not fail every later take. Only redelivery is at stake, never loss.
            unconfirmed.clear();
            unsent.clear();
            asyncFailed = false;
            consumer.commitSync(retry);   // a failure throws: this take rolls back
            return;
        }
        unconfirmed.putAll(offsets);
        unsent.putAll(offsets);
        sendUnsent();
    }

    /**
     * Sends the offsets not sent yet, unless a commit is in flight (its callback comes first) or the last
     * one went less than the interval ago.
     */
    void sendUnsent() {
        if (asyncInFlight || unsent.isEmpty()) {
            return;
        }
        long now = System.nanoTime();
        if (now - lastSentAt < intervalNanos) {
            return;
        }
        lastSentAt = now;
        Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>(unsent);
        unsent.clear();
        asyncInFlight = true;
        try {
            consumer.commitAsync(offsets, (done, error) -> onAsyncResult(offsets, error));
        } catch (RuntimeException e) {
            onAsyncResult(offsets, e);   // retried synchronously by the next take commit
        }
    }

    private void onAsyncResult(Map<TopicPartition, OffsetAndMetadata> sent, Exception error) {
        asyncInFlight = false;
        if (error == null) {
            sent.forEach((tp, o) -> unconfirmed.remove(tp, o));   // unless a newer offset was recorded meanwhile
            return;
        }
        asyncFailed = true;
        counters.increment(KafkaChannel.COMMIT_FAIL);
        LOG.warn("Channel {}: committing offsets {} failed ({}); the next take commit retries them "
                + "synchronously", channelName, sent, error.toString());
    }

    /** Commits, and waits for, the unconfirmed offsets of partitions being revoked; then forgets them. */
    void commitRevoked(Collection<TopicPartition> partitions) {
        Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
        for (TopicPartition tp : partitions) {
            unsent.remove(tp);
            OffsetAndMetadata o = unconfirmed.remove(tp);
            if (o != null) {
                offsets.put(tp, o);
            }
        }
        commitSyncQuietly(offsets, "on partition revocation");
    }

    /** Forgets the offsets of partitions lost without a chance to commit (the new owner reads again). */
    void forget(Collection<TopicPartition> partitions) {
        partitions.forEach(tp -> {
            unconfirmed.remove(tp);
            unsent.remove(tp);
        });
    }

    /**
     * Commits, and waits for, every unconfirmed offset (the consumer is about to close). A
     * {@link java.util.ConcurrentModificationException} (another thread is inside the consumer) propagates
     * and nothing is forgotten.
     */
    void commitBeforeClose() {
        if (unconfirmed.isEmpty()) {
            return;
        }
        Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>(unconfirmed);
        try {
            consumer.commitSync(offsets);
        } catch (WakeupException e) {
            // a wakeup meant for a poll landed here: once more
            commitSyncQuietly(offsets, "at close");
        } catch (KafkaException e) {
            warnFailed(offsets, "at close", e);
        }
        unconfirmed.clear();
        unsent.clear();
        asyncFailed = false;
    }

    private void commitSyncQuietly(Map<TopicPartition, OffsetAndMetadata> offsets, String when) {
        if (offsets.isEmpty()) {
            return;
        }
        try {
            consumer.commitSync(offsets);
        } catch (KafkaException e) {
            warnFailed(offsets, when, e);
        }
    }

    private void warnFailed(Map<TopicPartition, OffsetAndMetadata> offsets, String when, Exception e) {
        counters.increment(KafkaChannel.COMMIT_FAIL);
        LOG.warn("Channel {}: committing offsets {} {} failed ({}); those events may be taken again",
                channelName, offsets, when, e.toString());
    }
}
