package io.flafka.kafka.source;

import io.flafka.api.ChannelException;
import io.flafka.api.ChannelFullException;
import io.flafka.api.ChannelProcessor;
import io.flafka.api.ComponentContext;
import io.flafka.api.Event;
import io.flafka.api.EventDeliveryException;
import io.flafka.api.PollableSource;
import io.flafka.api.Status;
import io.flafka.api.config.Config;
import io.flafka.api.metrics.SourceCounter;
import io.flafka.kafka.avro.MalformedEventException;
import io.flafka.kafka.common.ClientProperties;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import java.util.regex.Pattern;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.CooperativeStickyAssignor;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.InterruptException;
import org.apache.kafka.common.errors.RebalanceInProgressException;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads Kafka topics into the agent (Flume's {@code org.apache.flume.source.kafka.KafkaSource}).
 *
 * <p>Each {@link #process()} builds one batch: it polls once, waiting up to {@code batchDurationMillis}
 * for records, then keeps taking records only while more are already arriving, the batch is not full
 * and the duration has not run out; so a trickle of events is handed over at once. The batch goes to
 * the {@link ChannelProcessor}; only when that returns (every required channel committed) are the
 * batch's offsets committed to Kafka, per partition, with {@code commitSync}. A failed offset commit is
 * counted ({@code KafkaCommitFailCount}), logged and retried with the next batch; the events are safe
 * in the channel and at worst read again.
 *
 * <p>Back-pressure: when the channel is full (or failing) the batch is kept, every assigned partition
 * is paused and each later {@code process()} calls {@code poll()} (which returns nothing while paused)
 * before retrying the same records, so the consumer stays in its group however long the channel stays
 * full. Partitions resume once the batch is accepted.
 *
 * <p>Rebalancing uses the cooperative-sticky assignor by default. On revocation the source commits
 * the offsets already safe in the channel for the revoked partitions and forgets their records that
 * were not yet accepted (the new owner reads them again from the committed offset).
 *
 * <p>Threads: {@code process()} and the rebalance callbacks run on the source's runner thread, which
 * alone uses the consumer; {@code start}/{@code stop} run on the lifecycle thread. {@link #stop()}
 * wakes up a blocked {@code poll()}/{@code commitSync()}, waits for the current {@code process()} to
 * return, commits only offsets whose events are in the channel, and closes the consumer.
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

    private final String name;
    private final Config config;
    private final SourceCounter counters;
    private final int batchSize;
    private final long batchDurationMs;
    private final RecordConverter converter;
    private final ReentrantLock running = new ReentrantLock();

    // Runner-thread state (also touched by stop() once it holds `running`).
    private final List<ConsumerRecord<String, byte[]>> batchRecords = new ArrayList<>();
    /** Parallel to batchRecords; null for a record that did not decode. */
    private final List<Event> batchEvents = new ArrayList<>();
    /** Records polled beyond the batch size, batched next. */
    private final ArrayDeque<ConsumerRecord<String, byte[]>> buffer = new ArrayDeque<>();
    /** Offsets whose events are committed in the channel but not yet in Kafka. */
    private final Map<TopicPartition, OffsetAndMetadata> safeOffsets = new HashMap<>();
    private boolean batchPending;
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
        this.converter = new RecordConverter(config);
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
        defaults.put(ConsumerConfig.PARTITION_ASSIGNMENT_STRATEGY_CONFIG, CooperativeStickyAssignor.class.getName());
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

    private Status processBatch() throws EventDeliveryException {
        if (batchPending) {
            // The channel refused this batch before: stay in the group, then retry the same records.
            ConsumerRecords<String, byte[]> late = timedPoll(Duration.ZERO);
            bufferAll(late);
            if (batchRecords.isEmpty()) {
                // every partition of the batch was revoked meanwhile
                batchPending = false;
                resume();
                return Status.READY;
            }
        } else if (!fillBatch()) {
            commitSafeOffsets();
            return Status.BACKOFF;
        }
        return deliver();
    }

    /** Assembles a batch; false when nothing arrived within batchDurationMillis. */
    private boolean fillBatch() {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(batchDurationMs);
        drainBuffer();
        if (batchRecords.isEmpty()) {
            ConsumerRecords<String, byte[]> first = timedPoll(Duration.ofMillis(batchDurationMs));
            if (first.isEmpty()) {
                counters.increment(EMPTY_COUNT);
                return false;
            }
            bufferAll(first);
            drainBuffer();
        }
        while (batchRecords.size() < batchSize && buffer.isEmpty()) {
            long left = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
            if (left <= 0) {
                break;
            }
            ConsumerRecords<String, byte[]> more = timedPoll(Duration.ofMillis(Math.min(left, FOLLOW_UP_POLL_MS)));
            if (more.isEmpty()) {
                break;
            }
            bufferAll(more);
            drainBuffer();
        }
        batchPending = !batchRecords.isEmpty();
        return batchPending;
    }

    private Status deliver() throws EventDeliveryException {
        List<Event> events = new ArrayList<>(batchEvents.size());
        for (Event e : batchEvents) {
            if (e != null) {
                events.add(e);
            }
        }
        int n = events.size();
        if (n > 0) {
            try {
                processor.processBatch(events);
            } catch (ChannelFullException e) {
                counters.increment(SourceCounter.CHANNEL_WRITE_FAIL);
                pause();
                LOG.debug("Source {}: channel full, {} events kept and partitions paused", name, n);
                return Status.BACKOFF;
            } catch (RuntimeException e) {
                counters.increment(SourceCounter.CHANNEL_WRITE_FAIL);
                pause();
                throw new EventDeliveryException("Kafka source " + name + " could not deliver a batch of " + n
                        + " events (kept, partitions paused, retried next): " + e, e);
            }
            // EventAcceptedCount is the channel processor's to count (once every required channel committed)
        }
        markBatchSafe();
        commitSafeOffsets();
        resume();
        return Status.READY;
    }

    private void markBatchSafe() {
        ConsumerRecord<String, byte[]> prev = null;
        for (ConsumerRecord<String, byte[]> r : batchRecords) {
            // records come grouped by partition: record the last offset of each run
            if (prev != null && (prev.partition() != r.partition() || !prev.topic().equals(r.topic()))) {
                markSafe(prev);
            }
            prev = r;
        }
        if (prev != null) {
            markSafe(prev);
        }
        batchRecords.clear();
        batchEvents.clear();
        batchPending = false;
    }

    private void markSafe(ConsumerRecord<String, byte[]> last) {
        TopicPartition tp = new TopicPartition(last.topic(), last.partition());
        OffsetAndMetadata prev = safeOffsets.get(tp);
        if (prev == null || prev.offset() < last.offset() + 1) {
            safeOffsets.put(tp, new OffsetAndMetadata(last.offset() + 1));
        }
    }

    /** Commits every offset whose events are in the channel; a failure is counted and retried later. */
    private void commitSafeOffsets() {
        commit(safeOffsets.keySet());
    }

    private void commit(Collection<TopicPartition> partitions) {
        Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
        for (TopicPartition tp : partitions) {
            OffsetAndMetadata o = safeOffsets.get(tp);
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
            safeOffsets.keySet().removeAll(offsets.keySet());
        } catch (WakeupException e) {
            throw e;
        } catch (RebalanceInProgressException e) {
            // expected while a cooperative rebalance completes; retried with the next batch or at revocation
            counters.increment(COMMIT_FAIL);
            LOG.info("Source {}: offset commit deferred, a rebalance is in progress", name);
        } catch (KafkaException e) {
            counters.increment(COMMIT_FAIL);
            LOG.warn("Source {}: committing offsets {} failed ({}); the events are in the channel, the commit is "
                    + "retried and they may be read again", name, offsets, e.toString());
        } finally {
            counters.add(COMMIT_TIMER, TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start));
        }
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

    private void bufferAll(ConsumerRecords<String, byte[]> records) {
        for (ConsumerRecord<String, byte[]> r : records) {
            buffer.addLast(r);
        }
    }

    /** Moves buffered records into the batch, converting them to events. */
    private void drainBuffer() {
        while (batchRecords.size() < batchSize && !buffer.isEmpty()) {
            ConsumerRecord<String, byte[]> r = buffer.pollFirst();
            Event e;
            try {
                e = converter.toEvent(r);
            } catch (MalformedEventException ex) {
                counters.increment(SourceCounter.EVENT_READ_FAIL);
                LOG.warn("Source {}: skipping {}", name, ex.getMessage());
                e = null;
            }
            batchRecords.add(r);
            batchEvents.add(e);
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

    /** Forgets records of partitions this source no longer owns; their new owner reads them again. */
    private void forget(Collection<TopicPartition> partitions) {
        Set<TopicPartition> gone = Set.copyOf(partitions);
        for (int i = batchRecords.size() - 1; i >= 0; i--) {
            ConsumerRecord<String, byte[]> r = batchRecords.get(i);
            if (gone.contains(new TopicPartition(r.topic(), r.partition()))) {
                batchRecords.remove(i);
                batchEvents.remove(i);
            }
        }
        for (Iterator<ConsumerRecord<String, byte[]>> it = buffer.iterator(); it.hasNext(); ) {
            ConsumerRecord<String, byte[]> r = it.next();
            if (gone.contains(new TopicPartition(r.topic(), r.partition()))) {
                it.remove();
            }
        }
        safeOffsets.keySet().removeAll(gone);
    }

    @Override
    public void stop() {
        stopping = true;
        KafkaConsumer<String, byte[]> c = wakeable;
        if (c == null) {
            return;
        }
        c.wakeup();
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
        try {
            commitSafeOffsets();
        } catch (WakeupException e) {
            // the wakeup meant for a poll landed here; try once more
            try {
                commitSafeOffsets();
            } catch (WakeupException again) {
                LOG.warn("Source {}: offsets {} not committed at stop; those events may be read again", name,
                        safeOffsets);
            }
        }
        try {
            consumer.close(CLOSE_TIMEOUT);
        } catch (RuntimeException e) {
            LOG.warn("Source {}: closing the consumer failed: {}", name, e.toString());
        }
        consumer = null;
        wakeable = null;
        batchRecords.clear();
        batchEvents.clear();
        buffer.clear();
        batchPending = false;
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
            commit(partitions);
            forget(partitions);
            LOG.info("Source {}: partitions revoked {}", name, partitions);
        }

        @Override
        public void onPartitionsLost(Collection<TopicPartition> partitions) {
            if (partitions.isEmpty()) {
                return;
            }
            counters.add(PARTITIONS_REVOKED, partitions.size());
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
