package io.flafka.kafka.source;

import io.flafka.api.ChannelFullException;
import io.flafka.api.ChannelProcessor;
import io.flafka.api.ComponentContext;
import io.flafka.api.Event;
import io.flafka.api.EventDeliveryException;
import io.flafka.api.PollableSource;
import io.flafka.api.Status;
import io.flafka.api.config.Config;
import io.flafka.api.metrics.SourceCounter;
import io.flafka.kafka.common.ClientProperties;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import java.util.regex.Pattern;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.CloseOptions;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.CooperativeStickyAssignor;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.InterruptException;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads Kafka topics into the agent (Flume's {@code org.apache.flume.source.kafka.KafkaSource}).
 *
 * <p>Each {@link #process()} builds one batch: it polls once, waiting up to {@code batchDurationMillis}
 * for records, then keeps polling only while the consumer lags behind the log (some assigned partition
 * has records it has not returned yet), more records keep arriving, the batch is not full and the
 * duration has not run out. So a backlog fills batches up to {@code batchSize}, while a source that has
 * caught up hands its batch over at once instead of waiting for a batch that will not fill (Flume waits
 * out {@code batchDurationMillis}, adding up to that much latency to every event). The batch goes to
 * the {@link ChannelProcessor} on the source's hand-off threads ({@link ChannelHandOff}), so the runner
 * thread polls the next batch while this one is committed into the channels. When the newest batch
 * handed over is still committing once the next one is full, the channel is the slower side: the runner
 * builds the next batch's headers, waits until the newest has its place in the channels, and, when a
 * batch in flight has its place and only waits for the disk (a file channel's fsync), hands the next
 * one over at once, up to {@value ChannelHandOff#MAX_IN_FLIGHT} in flight: each is prepared at once and
 * committed once the one before it has its place, so one fsync covers several. Otherwise (a full
 * channel, a slower sink) the source waits for the batch in flight before it hands over the next. Only when a batch and every batch before it are committed are the
 * batch's offsets committed to Kafka, per partition, with {@code commitAsync}: the source does not wait
 * a round trip per batch, and while one commit is in flight the next batch's offsets wait for the one
 * after its callback (see {@link OffsetCommitter}). Offsets are committed synchronously only on
 * partition revocation and at stop. A failed offset commit is counted ({@code KafkaCommitFailCount}),
 * WARN-logged and retried by the next commit; the events are safe in the channel and at worst read again.
 *
 * <p>Back-pressure: when the channel is full (or failing) the batch is kept, with every batch handed over
 * after it (written again unless it was already in the channel: then only its offsets wait), every
 * assigned partition is paused and each later {@code process()} calls {@code poll()} (which returns
 * nothing while paused) before retrying the same records, in order, so the consumer stays in its group
 * however long the channel stays full. Partitions resume once the batches are accepted.
 *
 * <p>Rebalancing uses the cooperative-sticky assignor by default. On revocation the source first waits
 * for the batches in flight, then commits the offsets already safe in the channel for the revoked
 * partitions and forgets their records that were not yet accepted (the new owner reads them again from
 * the committed offset).
 *
 * <p>Threads: {@code process()} and the rebalance callbacks run on the source's runner thread, which
 * alone uses the consumer; the hand-off threads only call the channel processor; {@code start}/{@code
 * stop} run on the lifecycle thread. {@link #stop()} wakes up a blocked {@code poll()}/{@code
 * commitSync()}, gives the batches in flight two seconds to reach the channels and then interrupts their
 * writes (a channel that stays full would otherwise hold the stop), waits for the current {@code
 * process()} to return, commits only offsets whose events are in the channel, and closes the consumer.
 */
public final class KafkaSource implements PollableSource {
    /** Milliseconds spent in {@code poll()}. */
    public static final String GET_TIMER = "KafkaEventGetTimer";
    /** Milliseconds spent committing offsets. */
    public static final String COMMIT_TIMER = "KafkaCommitTimer";
    /** Polls that returned no record. */
    public static final String EMPTY_COUNT = "KafkaEmptyCount";
    /** Offset commits that failed (the events are in the channel; they may be read again). */
    public static final String COMMIT_FAIL = "KafkaCommitFailCount";
    /** Partitions revoked or lost in rebalances. */
    public static final String PARTITIONS_REVOKED = "KafkaPartitionsRevokedCount";

    private static final Logger LOG = LoggerFactory.getLogger(KafkaSource.class);
    /** How long a follow-up poll waits for records that are already on their way. */
    private static final long FOLLOW_UP_POLL_MS = 10;
    private static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(5);
    private static final long STOP_WAIT_MS = 30_000;
    /** How long stop() lets the batch in flight finish before interrupting its channel write. */
    private static final Duration STOP_GRACE = Duration.ofSeconds(2);

    private final String name;
    private final Config config;
    private final SourceCounter counters;
    private final int batchSize;
    private final long batchDurationMs;
    private final ReentrantLock running = new ReentrantLock();

    // Runner-thread state (also touched by stop() once it holds `running`).
    private final SourceBatch batch;
    private final OffsetCommitter offsets;
    /** Batches the hand-off threads are writing, oldest first (at most {@link ChannelHandOff#MAX_IN_FLIGHT}). */
    private final ArrayDeque<Sent> inFlight = new ArrayDeque<>();
    /** Batches to write again, oldest first: a refused one and any written after it. */
    private final ArrayDeque<Retry> retrying = new ArrayDeque<>();
    private volatile ChannelHandOff handOff;
    private boolean paused;
    private KafkaConsumer<String, byte[]> consumer;
    private ChannelProcessor processor;
    private volatile boolean stopping;
    private volatile KafkaConsumer<String, byte[]> wakeable;

    KafkaSource(ComponentContext context) {
        this.name = context.name();
        this.config = context.config();
        this.counters = context.counters(SourceCounter.class);
        this.batchSize = config.get(KafkaSourceConfig.BATCH_SIZE);
        this.batchDurationMs = config.get(KafkaSourceConfig.BATCH_DURATION_MS);
        this.batch = new SourceBatch(name, batchSize, new RecordConverter(config), counters);
        this.offsets = new OffsetCommitter(name, counters, config.get(KafkaSourceConfig.OFFSET_COMMIT_INTERVAL_MS));
        for (String c : new String[] {GET_TIMER, COMMIT_TIMER, EMPTY_COUNT, COMMIT_FAIL, PARTITIONS_REVOKED}) {
            counters.counter(c);
        }
        if (config.isSet(KafkaSourceConfig.MIGRATE_ZOOKEEPER_OFFSETS)) {
            LOG.warn("Source {}: migrateZookeeperOffsets is ignored: Kafka 4 has no ZooKeeper and offsets live in Kafka",
                    name);
        }
        for (String k : new String[] {ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG,
            ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG}) {
            if (ClientProperties.userSet(config, KafkaSourceConfig.CONSUMER_PREFIX, k)) {
                LOG.warn("Source {}: kafka.consumer.{} is ignored: the source reads keys as UTF-8 strings and "
                        + "values as bytes", name, k);
            }
        }
    }

    /** The consumer properties this source uses: Flafka's defaults, the user's, then the forced ones. */
    Map<String, Object> consumerProperties() {
        Map<String, Object> defaults = new HashMap<>();
        if (io.flafka.kafka.common.GroupProtocol.isClassic(config, KafkaSourceConfig.CONSUMER_PREFIX)) {
            // the consumer protocol (KIP-848) assigns on the broker and refuses a client-side assignor
            defaults.put(ConsumerConfig.PARTITION_ASSIGNMENT_STRATEGY_CONFIG, CooperativeStickyAssignor.class.getName());
        }
        defaults.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, Integer.toString(batchSize));
        defaults.put(ConsumerConfig.CLIENT_ID_CONFIG, "flafka-source-" + name);
        Map<String, Object> forced = new HashMap<>();
        forced.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, config.get(KafkaSourceConfig.BOOTSTRAP_SERVERS));
        forced.put(ConsumerConfig.GROUP_ID_CONFIG, config.get(KafkaSourceConfig.GROUP_ID));
        forced.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        forced.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        forced.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        return ClientProperties.build(config, KafkaSourceConfig.CONSUMER_PREFIX, defaults, forced);
    }

    @Override
    public void start(ChannelProcessor channelProcessor) {
        this.processor = channelProcessor;
        stopping = false;
        KafkaConsumer<String, byte[]> c = new KafkaConsumer<>(consumerProperties());
        String regex = config.get(KafkaSourceConfig.TOPICS_REGEX);
        Listener listener = new Listener();
        if (regex != null) {
            c.subscribe(Pattern.compile(regex), listener);
        } else {
            c.subscribe(config.getList(KafkaSourceConfig.TOPICS), listener);
        }
        consumer = c;
        wakeable = c;
        handOff = new ChannelHandOff(name, channelProcessor);
        counters.markStarted();
        LOG.info("Source {} started: {} group {}, batchSize={}, batchDurationMillis={}", name,
                regex != null ? "topics matching " + regex : "topics " + config.getList(KafkaSourceConfig.TOPICS),
                config.get(KafkaSourceConfig.GROUP_ID), batchSize, batchDurationMs);
    }

    @Override
    public Status process() throws EventDeliveryException {
        running.lock();
        try {
            if (stopping || consumer == null) {
                return Status.BACKOFF;
            }
            return processBatch();
        } catch (WakeupException | InterruptException e) {
            if (stopping) {
                // stop() woke us up, or the runtime interrupted the runner thread to stop it
                return Status.BACKOFF;
            }
            throw e;
        } finally {
            if (stopping && consumer != null) {
                closeConsumer();
            }
            running.unlock();
        }
    }

    /** A batch handed over, and its outcome. */
    private record Sent(SourceBatch batch, ChannelHandOff.Submitted submitted) {
        Future<?> outcome() {
            return submitted.done();
        }
    }

    /**
     * A batch to write again; {@code delivered} when it is in the channels already (written after a
     * refused batch): only its offsets wait, until the refused batch before it is written.
     */
    private record Retry(SourceBatch batch, boolean delivered) {
    }

    private Status processBatch() throws EventDeliveryException {
        if (!retrying.isEmpty()) {
            return retry();
        }
        boolean overlapping = !inFlight.isEmpty();
        boolean filled = fillBatch(overlapping);   // while the previous batch is being written
        if (overlapping) {
            // The channel is the slower side when the newest batch is still committing: build this batch's
            // headers here rather than on the hand-off thread, then see why it is slower. A channel that
            // has placed the batch and only waits for the disk (a file channel's fsync) lets the next one
            // go out at once, up to ChannelHandOff.MAX_IN_FLIGHT, to share the next fsync; one that is
            // full, or drained by a slower sink, gains nothing from more batches in flight: wait for it.
            boolean pipelined = false;
            Sent newest = inFlight.peekLast();
            if (filled && !newest.outcome().isDone()) {
                batch.prepareHeaders();
                ChannelHandOff.await(newest.submitted().placed());   // a refusal shows when it settles
                for (Sent s : inFlight) {
                    pipelined |= s.submitted().waitingForDurability();
                }
            }
            Throwable failure = settle(pipelined ? ChannelHandOff.MAX_IN_FLIGHT - 1 : 0);
            if (failure != null) {
                return refused(failure);
            }
            if (!retrying.isEmpty()) {
                // a rebalance callback settled one, refused, during the poll: it goes before this batch
                return Status.BACKOFF;
            }
            offsets.commitAsync(consumer);
        }
        if (!filled) {
            if (!overlapping) {
                offsets.commitAsync(consumer);   // resends an offset whose async commit failed
                return Status.BACKOFF;
            }
            return Status.READY;   // the next process() polls with the whole batchDurationMillis
        }
        handOver();
        return Status.READY;
    }

    /**
     * Assembles a batch; false when nothing arrived. The first poll waits up to batchDurationMillis,
     * or only briefly when a batch is in flight (its offsets should not wait for an idle topic).
     */
    private boolean fillBatch(boolean overlapping) {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(batchDurationMs);
        batch.fill();
        if (batch.isEmpty()) {
            long wait = overlapping ? Math.min(batchDurationMs, FOLLOW_UP_POLL_MS) : batchDurationMs;
            ConsumerRecords<String, byte[]> first = timedPoll(Duration.ofMillis(wait));
            if (first.isEmpty()) {
                if (!overlapping) {
                    counters.increment(EMPTY_COUNT);
                }
                return false;
            }
            batch.add(first);
        }
        // keep taking only while a backlog remains: once caught up with the log the batch goes at once
        while (!batch.isFull() && !caughtUp()) {
            long left = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
            if (left <= 0) {
                break;
            }
            ConsumerRecords<String, byte[]> more = timedPoll(Duration.ofMillis(Math.min(left, FOLLOW_UP_POLL_MS)));
            if (more.isEmpty()) {
                break;
            }
            batch.add(more);
        }
        return !batch.isEmpty();
    }

    /**
     * True when the last poll returned everything the log held: every assigned partition's lag is known
     * and zero (partitions are never paused while a batch fills). Waiting for more would only add latency;
     * a backlog still fills batches up to batchSize. An unknown lag (no fetch yet) counts as not caught up.
     */
    private boolean caughtUp() {
        for (TopicPartition tp : consumer.assignment()) {
            OptionalLong lag = consumer.currentLag(tp);
            if (lag.isEmpty() || lag.getAsLong() > 0) {
                return false;
            }
        }
        return true;
    }

    /** Gives the batch to the hand-off threads; the runner thread goes on polling. */
    private void handOver() {
        SourceBatch sending = batch.detach();
        if (sending.isEmptyOfEvents() && inFlight.isEmpty()) {
            // every record failed to decode (counted and logged): nothing to write, the offsets are safe
            sending.forEachRunEnd(offsets::markSafe);
            return;
        }
        inFlight.addLast(new Sent(sending, handOff.submit(sending.events())));
    }

    /** Waits for every batch in flight; see {@link #settle(int)}. */
    private Throwable settle() {
        return settle(0);
    }

    /**
     * Settles batches in flight, oldest first: every one already finished, then more (waiting) until at
     * most {@code keep} remain. Committed: its offsets become safe. Refused: it and every batch after it
     * (waited for) are kept for a retry, in order, and every partition is paused. Returns why it was
     * refused, or null.
     */
    private Throwable settle(int keep) {
        while (!inFlight.isEmpty() && (inFlight.size() > keep || inFlight.peekFirst().outcome().isDone())) {
            Sent s = inFlight.pollFirst();
            Throwable failure = ChannelHandOff.await(s.outcome());
            if (failure == null) {
                s.batch().forEachRunEnd(offsets::markSafe);
                continue;
            }
            retrying.addLast(new Retry(s.batch(), false));
            while (!inFlight.isEmpty()) {
                Sent later = inFlight.pollFirst();
                retrying.addLast(new Retry(later.batch(), ChannelHandOff.await(later.outcome()) == null));
            }
            pause();
            return failure;
        }
        if (retrying.isEmpty()) {
            resume();
        }
        return null;
    }

    /** The channel refused a batch before: stay in the group, then write the kept batches again, in order. */
    private Status retry() throws EventDeliveryException {
        ConsumerRecords<String, byte[]> late = timedPoll(Duration.ZERO);
        if (!late.isEmpty()) {
            batch.add(late);   // only from partitions assigned while paused, before they were paused
        }
        handOff.settled();   // nothing is in flight: the refusal must not refuse its own retry
        while (!retrying.isEmpty()) {
            Retry r = retrying.peekFirst();
            if (!r.delivered() && !r.batch().isEmpty()) {   // empty: every partition of it was revoked meanwhile
                Throwable failure = ChannelHandOff.await(handOff.submit(r.batch().events()).done());
                if (failure != null) {
                    return refused(failure);   // nothing else to do while the partitions are paused
                }
            }
            retrying.pollFirst();
            r.batch().forEachRunEnd(offsets::markSafe);
        }
        resume();
        offsets.commitAsync(consumer);
        return Status.READY;
    }

    private Status refused(Throwable failure) throws EventDeliveryException {
        int n = 0;
        for (Retry r : retrying) {
            n += r.delivered() ? 0 : r.batch().size();
        }
        if (failure instanceof ChannelFullException) {
            // the runtime's channel processor counts ChannelWriteFail and EventAcceptedCount
            LOG.debug("Source {}: channel full, {} events kept and partitions paused", name, n);
            return Status.BACKOFF;
        }
        throw new EventDeliveryException("Kafka source " + name + " could not deliver a batch of " + n
                + " events (kept, partitions paused, retried next): " + failure, failure);
    }

    private ConsumerRecords<String, byte[]> timedPoll(Duration timeout) {
        long start = System.nanoTime();
        try {
            ConsumerRecords<String, byte[]> records = consumer.poll(timeout);
            counters.eventsReceived(records.count());
            return records;
        } finally {
            counters.add(GET_TIMER, TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start));
        }
    }

    private void pause() {
        Set<TopicPartition> assigned = consumer.assignment();
        consumer.pause(assigned);
        paused = true;
    }

    private void resume() {
        if (paused) {
            consumer.resume(consumer.paused());
            paused = false;
        }
    }

    /** Forgets records and offsets of partitions this source no longer owns; their new owner reads them again. */
    private void forget(Collection<TopicPartition> partitions) {
        batch.forget(partitions);
        for (Retry r : retrying) {
            r.batch().forget(partitions);
        }
        offsets.forget(partitions);
    }

    @Override
    public void stop() {
        stopping = true;
        KafkaConsumer<String, byte[]> c = wakeable;
        if (c == null) {
            return;
        }
        c.wakeup();
        ChannelHandOff h = handOff;
        if (h != null) {
            h.finishOrInterrupt(STOP_GRACE);   // a channel that stays full must not hold the stop
        }
        boolean locked = false;
        try {
            locked = running.tryLock(STOP_WAIT_MS, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (!locked) {
            LOG.warn("Source {}: the runner thread is still busy; it closes the consumer when its batch returns", name);
            return;
        }
        try {
            if (consumer != null) {
                closeConsumer();
            }
        } finally {
            running.unlock();
        }
    }

    /** Commits what is safe, then closes. Caller holds {@code running}. */
    private void closeConsumer() {
        // an interrupted runner thread must still commit and leave the group cleanly
        boolean interrupted = Thread.interrupted();
        try {
            commitAndClose();
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private void commitAndClose() {
        settle();   // the batch in flight decides which offsets are safe
        handOff.close();
        try {
            offsets.commitAllSync(consumer);
        } catch (WakeupException e) {
            // the wakeup meant for a poll landed here; try once more
            try {
                offsets.commitAllSync(consumer);
            } catch (WakeupException again) {
                LOG.warn("Source {}: offsets {} not committed at stop; those events may be read again", name, offsets);
            }
        }
        try {
            consumer.close(CloseOptions.timeout(CLOSE_TIMEOUT));
        } catch (RuntimeException e) {
            LOG.warn("Source {}: closing the consumer failed: {}", name, e.toString());
        }
        consumer = null;
        wakeable = null;
        batch.clearAll();
        retrying.clear();
        paused = false;
        counters.markStopped();
        LOG.info("Source {} stopped", name);
    }

    /** Rebalance callbacks; they run inside poll(), on the runner thread. */
    private final class Listener implements ConsumerRebalanceListener {
        @Override
        public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
            if (partitions.isEmpty()) {
                return;
            }
            counters.add(PARTITIONS_REVOKED, partitions.size());
            settle();   // a refused batch stays for a retry (minus the revoked partitions' records)
            offsets.commitSync(consumer, partitions);
            forget(partitions);
            LOG.info("Source {}: partitions revoked {}", name, partitions);
        }

        @Override
        public void onPartitionsLost(Collection<TopicPartition> partitions) {
            if (partitions.isEmpty()) {
                return;
            }
            counters.add(PARTITIONS_REVOKED, partitions.size());
            settle();   // so that no offset of a lost partition is marked safe after this
            forget(partitions);
            LOG.warn("Source {}: partitions lost {}; their uncommitted events will be read again", name, partitions);
        }

        @Override
        public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
            if (paused && !partitions.isEmpty()) {
                consumer.pause(partitions);
            }
            if (!partitions.isEmpty()) {
                LOG.info("Source {}: partitions assigned {}", name, partitions);
            }
        }
    }
}
