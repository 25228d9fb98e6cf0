package io.flafka.kafka.sink;

import io.flafka.api.Channel;
import io.flafka.api.ComponentContext;
import io.flafka.api.Event;
import io.flafka.api.EventDeliveryException;
import io.flafka.api.Sink;
import io.flafka.api.Status;
import io.flafka.api.Transaction;
import io.flafka.api.config.Config;
import io.flafka.api.metrics.SinkCounter;
import io.flafka.kafka.common.ClientProperties;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes events to Kafka (Flume's {@code org.apache.flume.sink.kafka.KafkaSink}).
 *
 * <p>Each {@link #process()} takes up to {@code flumeBatchSize} events in one channel transaction and
 * hands them all to the producer. Up to {@code maxInFlightBatches} such transactions stay open while
 * their records await acknowledgement, so the producer keeps requests in flight while the next batch
 * is taken (Flume waits for every batch before taking the next; {@code maxInFlightBatches = 1} does the
 * same). Transactions commit strictly in order, each only once every one of its records is
 * acknowledged. When the pipeline is full, {@code process()} waits for the oldest batch; it flushes the
 * producer only if records can linger there (a {@code linger.ms} above {@link #NUDGE_MS}), so the
 * producer keeps a backlog and sends requests as full as a lone producer's. A batch smaller than
 * {@code flumeBatchSize} (the channel ran dry) is flushed and everything in flight is awaited before
 * {@code process()} returns, so a trickle is delivered at once.
 *
 * <p>Any failure (a refused event, a send error, a missing acknowledgement) rolls back that batch and
 * every later one still in flight (the later ones may already be written: delivery is at-least-once,
 * and they are sent again), counts {@code EventWriteFail} and {@code RollbackCount}, logs a WARN with
 * the reason and throws {@link EventDeliveryException}. A channel that cannot hold several open takes
 * on one thread ({@link Channel#supportsOverlappingTakes()}, e.g. the Kafka channel) gets one batch in
 * flight at a time.
 *
 * <p>Threads: {@code process()} runs on the sink's runner thread; {@code start}/{@code stop} on the
 * lifecycle thread. {@link #stop()} closes the producer (with a short grace period, during which the
 * records in flight may still be acknowledged), which fails any send still in flight and so unblocks a
 * {@code process()} waiting for acknowledgements. It then commits, in order, the batches that were
 * fully acknowledged and rolls back the rest; a partial batch is never committed.
 */
public final class KafkaSink implements Sink {
    /** Total milliseconds the runner thread spent sending and waiting for acknowledgements. */
    public static final String SEND_TIMER = "KafkaEventSendTimer";
    public static final String ROLLBACK_COUNT = "RollbackCount";
    /** Events refused because they would be written back into the topic they were read from. */
    public static final String TOPIC_LOOP_REFUSED = "TopicLoopRefusedCount";

    private static final Logger LOG = LoggerFactory.getLogger(KafkaSink.class);
    private static final Duration CLOSE_GRACE = Duration.ofSeconds(2);
    private static final long STOP_WAIT_MS = 30_000;
    /**
     * How long a full pipeline waits for its oldest batch before flushing the producer, when the
     * producer's {@code linger.ms} is longer than this (else the producer sends every batch soon anyway).
     */
    static final long NUDGE_MS = 20;

    private final String name;
    private final Config config;
    private final SinkCounter counters;
    private final int batchSize;
    private final int maxInFlightBatches;
    private final RecordFactory records;
    private final List<Event> batch;
    private final BatchPipeline pipeline;
    /** Held by process() and by stop() while it settles the batches in flight. */
    private final ReentrantLock running = new ReentrantLock();
    private volatile Producer<String, byte[]> producer;
    private Channel channel;
    private int inFlightLimit;
    /** True when records may linger in the producer longer than {@link #NUDGE_MS} (a long linger.ms). */
    private boolean nudge;

    KafkaSink(ComponentContext context) {
        this.name = context.name();
        this.config = context.config();
        this.counters = context.counters(SinkCounter.class);
        this.batchSize = config.get(KafkaSinkConfig.BATCH_SIZE);
        this.maxInFlightBatches = config.get(KafkaSinkConfig.MAX_IN_FLIGHT_BATCHES);
        this.records = new RecordFactory(name, config, counters);
        this.batch = new ArrayList<>(batchSize);
        this.pipeline = new BatchPipeline(name, counters);
        counters.counter(SEND_TIMER);
        counters.counter(ROLLBACK_COUNT);
        counters.counter(TOPIC_LOOP_REFUSED);
        counters.counter(RecordFactory.INVALID_TIMESTAMP);
    }

    /** The producer properties this sink uses: Flafka's defaults, the user's, then the forced ones. */
    Map<String, Object> producerProperties() {
        Map<String, Object> defaults = new HashMap<>();
        defaults.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        defaults.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        String acks = config.get(KafkaSinkConfig.ACKS).trim();
        boolean durable = acks.equals("all") || acks.equals("-1");
        // Idempotence needs acks=all; a Flume config with requiredAcks=1 must keep working.
        defaults.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, Boolean.toString(durable));
        if (!durable && !ClientProperties.userSet(config, KafkaSinkConfig.PRODUCER_PREFIX,
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG)) {
            LOG.info("Sink {}: acks={} so enable.idempotence=false; acks=all is safer", name, acks);
        }
        defaults.put(ProducerConfig.CLIENT_ID_CONFIG, "flafka-sink-" + name);
        Map<String, Object> forced = new HashMap<>();
        forced.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, config.get(KafkaSinkConfig.BOOTSTRAP_SERVERS));
        forced.put(ProducerConfig.ACKS_CONFIG, acks);
        return ClientProperties.build(config, KafkaSinkConfig.PRODUCER_PREFIX, defaults, forced);
    }

    @Override
    public void start(Channel channel) {
        this.channel = channel;
        this.inFlightLimit = channel.supportsOverlappingTakes() ? maxInFlightBatches : 1;
        if (inFlightLimit < maxInFlightBatches) {
            LOG.info("Sink {}: the channel allows one open take per thread, so one batch is in flight at a time "
                    + "(maxInFlightBatches={} is not used)", name, maxInFlightBatches);
        }
        Map<String, Object> props = producerProperties();
        try {
            producer = new KafkaProducer<>(props);   // validates the user's settings, linger.ms among them
            nudge = lingersLongerThanNudge(props);
        } catch (RuntimeException e) {
            counters.increment(SinkCounter.CONNECTION_FAILED);
            throw e;
        }
        counters.increment(SinkCounter.CONNECTION_CREATED);
        counters.markStarted();
        LOG.info("Sink {} started: kafka.topic={}, flumeBatchSize={}, batches in flight at most {}", name,
                config.get(KafkaSinkConfig.TOPIC), batchSize, inFlightLimit);
    }

    @Override
    public Status process() throws EventDeliveryException {
        Producer<String, byte[]> p = producer;
        if (p == null) {
            throw new EventDeliveryException("Kafka sink " + name + " is not started");
        }
        running.lock();
        try {
            pipeline.commitCompleted();
            if (pipeline.size() >= inFlightLimit) {
                awaitRoom(p);
            }
            return takeAndSend(p);
        } finally {
            batch.clear();
            running.unlock();
        }
    }

    /**
     * Waits for the oldest batch of a full pipeline. Flushing would send the producer's partial batches
     * and wait for everything in flight, draining the pipeline: smaller produce requests, and the broker
     * idles while it refills. So the sink flushes only when records can linger in the producer (a
     * linger.ms longer than {@link #NUDGE_MS}) and the oldest batch is still waiting after that long.
     */
    private void awaitRoom(Producer<String, byte[]> p) throws EventDeliveryException {
        if (!nudge) {
            pipeline.awaitOldest(Long.MAX_VALUE, TimeUnit.NANOSECONDS);
        } else if (!pipeline.awaitOldest(NUDGE_MS, TimeUnit.MILLISECONDS)) {
            flushAndAwaitAll(p);
        }
    }

    /** True when the producer may hold a record back longer than {@link #NUDGE_MS} (its linger.ms). */
    static boolean lingersLongerThanNudge(Map<String, Object> producerProperties) {
        Object v = producerProperties.get(ProducerConfig.LINGER_MS_CONFIG);
        Object linger = v != null ? ConfigDef.parseType(ProducerConfig.LINGER_MS_CONFIG, v, ConfigDef.Type.LONG)
                : ProducerConfig.configDef().defaultValues().get(ProducerConfig.LINGER_MS_CONFIG);
        return ((Number) linger).longValue() > NUDGE_MS;
    }

    private Status takeAndSend(Producer<String, byte[]> p) throws EventDeliveryException {
        Transaction tx = channel.begin();
        int n;
        try {
            n = tx.take(batchSize, batch);
        } catch (RuntimeException e) {
            counters.increment(SinkCounter.CHANNEL_READ_FAIL);
            pipeline.rollback(tx);
            throw settleThenThrow(p, new EventDeliveryException("Kafka sink " + name + " could not take from the "
                    + "channel: " + e, e));
        }
        counters.batchTaken(n, batchSize);
        if (n == 0) {
            try {
                tx.commit();
            } finally {
                tx.close();
            }
            if (pipeline.isEmpty()) {
                return Status.BACKOFF;
            }
            flushAndAwaitAll(p);
            return Status.READY;
        }
        counters.add(SinkCounter.DRAIN_ATTEMPT, n);
        List<ProducerRecord<String, byte[]>> out;
        try {
            out = toRecords(n);
        } catch (RuntimeException e) {   // a refusal (EventDeliveryException) or a bug in building a record
            LOG.warn("Sink {}: batch rolled back to the channel: {}", name, e.getMessage());
            pipeline.rollback(tx);
            throw settleThenThrow(p, e instanceof EventDeliveryException ede ? ede
                    : new EventDeliveryException("Kafka sink " + name + " failed: " + e, e));
        }
        InFlightBatch sent = new InFlightBatch(tx, n);
        pipeline.add(sent);
        send(p, out, sent);
        if (n < batchSize || inFlightLimit == 1 || sent.failed() > 0) {
            // the channel ran dry (deliver now, do not wait for more), Flume's one-batch mode, or a send failed
            flushAndAwaitAll(p);
        }
        return Status.READY;
    }

    /** Builds every record first: a refused event fails the batch before anything is sent. */
    private List<ProducerRecord<String, byte[]>> toRecords(int n) throws EventDeliveryException {
        List<ProducerRecord<String, byte[]>> out = new ArrayList<>(n);
        int refusedLoops = 0;
        RejectedEventException firstRefusal = null;
        for (int i = 0; i < n; i++) {
            try {
                out.add(records.toRecord(batch.get(i)));
            } catch (RejectedEventException e) {
                if (e.reason() == RejectedEventException.Reason.TOPIC_LOOP) {
                    refusedLoops++;
                }
                if (firstRefusal == null) {
                    firstRefusal = e;
                }
            }
        }
        if (firstRefusal != null) {
            counters.add(TOPIC_LOOP_REFUSED, refusedLoops);
            counters.add(SinkCounter.EVENT_WRITE_FAIL, n);
            throw new EventDeliveryException("Kafka sink " + name + " refused a batch of " + n + " events: "
                    + firstRefusal.getMessage());
        }
        return out;
    }

    /** Hands the records to the producer; a send that throws fails the rest of the batch. */
    private void send(Producer<String, byte[]> p, List<ProducerRecord<String, byte[]>> out, InFlightBatch into) {
        long start = System.nanoTime();
        int i = 0;
        try {
            for (int n = out.size(); i < n; i++) {
                p.send(out.get(i), into);
            }
        } catch (RuntimeException e) {
            into.fail(out.size() - i, e);
        } finally {
            counters.add(SEND_TIMER, TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start));
        }
    }

    /** Sends what the producer still lingers on, then waits for and commits every batch in flight. */
    private void flushAndAwaitAll(Producer<String, byte[]> p) throws EventDeliveryException {
        try {
            p.flush();
        } catch (RuntimeException e) {
            // interrupted or closed: the records still complete (or fail) through their callbacks
            LOG.debug("Sink {}: flush failed: {}", name, e.toString());
        }
        pipeline.awaitAll();
    }

    /** Settles the earlier batches still in flight (they precede this failure), then returns it to throw. */
    private EventDeliveryException settleThenThrow(Producer<String, byte[]> p, EventDeliveryException failure) {
        try {
            flushAndAwaitAll(p);
        } catch (EventDeliveryException earlier) {
            failure.addSuppressed(earlier);
        }
        return failure;
    }

    @Override
    public void stop() {
        Producer<String, byte[]> p = producer;
        producer = null;
        if (p != null) {
            try {
                // waits up to the grace for outstanding acknowledgements, then fails whatever is left
                p.close(CLOSE_GRACE);
            } catch (RuntimeException e) {
                LOG.warn("Sink {}: closing the producer failed: {}", name, e.toString());
            }
            counters.increment(SinkCounter.CONNECTION_CLOSED);
        }
        boolean locked = false;
        try {
            locked = running.tryLock(STOP_WAIT_MS, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (locked) {
            try {
                pipeline.finish(CLOSE_GRACE.toMillis());
            } finally {
                running.unlock();
            }
        } else {
            LOG.warn("Sink {}: the runner thread is still busy; its batches are settled when it returns", name);
        }
        counters.markStopped();
    }
}
