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
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes events to Kafka (Flume's {@code org.apache.flume.sink.kafka.KafkaSink}).
 *
 * <p>Each {@link #process()} takes up to {@code flumeBatchSize} events in one channel transaction,
 * sends them all, flushes once, waits for every acknowledgement and only then commits; any failure
 * (a refused event, a send error, a missing acknowledgement) rolls the whole batch back into the
 * channel, counts {@code EventWriteFail} and {@code RollbackCount}, logs a WARN with the reason and
 * throws {@link EventDeliveryException}. Delivery is at-least-once: a batch that failed after some
 * records were acknowledged is sent again.
 *
 * <p>Threads: {@code process()} runs on the sink's runner thread; {@code start}/{@code stop} on the
 * lifecycle thread. {@link #stop()} closes the producer (with a short grace period), which fails any
 * send still in flight and so unblocks a {@code process()} waiting for acknowledgements; that batch
 * is rolled back.
 */
public final class KafkaSink implements Sink {
    /** Total milliseconds spent sending and waiting for acknowledgements. */
    public static final String SEND_TIMER = "KafkaEventSendTimer";
    public static final String ROLLBACK_COUNT = "RollbackCount";
    /** Events refused because they would be written back into the topic they were read from. */
    public static final String TOPIC_LOOP_REFUSED = "TopicLoopRefusedCount";

    private static final Logger LOG = LoggerFactory.getLogger(KafkaSink.class);
    private static final Duration CLOSE_GRACE = Duration.ofSeconds(2);

    private final String name;
    private final Config config;
    private final SinkCounter counters;
    private final int batchSize;
    private final RecordFactory records;
    private final List<Event> batch;
    private final List<Future<RecordMetadata>> acks;
    private volatile Producer<String, byte[]> producer;
    private Channel channel;

    KafkaSink(ComponentContext context) {
        this.name = context.name();
        this.config = context.config();
        this.counters = context.counters(SinkCounter.class);
        this.batchSize = config.get(KafkaSinkConfig.BATCH_SIZE);
        this.records = new RecordFactory(name, config, counters);
        this.batch = new ArrayList<>(batchSize);
        this.acks = new ArrayList<>(batchSize);
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
        try {
            producer = new KafkaProducer<>(producerProperties());
        } catch (RuntimeException e) {
            counters.increment(SinkCounter.CONNECTION_FAILED);
            throw e;
        }
        counters.increment(SinkCounter.CONNECTION_CREATED);
        counters.markStarted();
        LOG.info("Sink {} started: kafka.topic={}, flumeBatchSize={}", name, config.get(KafkaSinkConfig.TOPIC), batchSize);
    }

    @Override
    public Status process() throws EventDeliveryException {
        Producer<String, byte[]> p = producer;
        if (p == null) {
            throw new EventDeliveryException("Kafka sink " + name + " is not started");
        }
        batch.clear();
        acks.clear();
        Transaction tx = channel.begin();
        try {
            int n;
            try {
                n = tx.take(batchSize, batch);
            } catch (RuntimeException e) {
                counters.increment(SinkCounter.CHANNEL_READ_FAIL);
                throw e;
            }
            counters.batchTaken(n, batchSize);
            if (n == 0) {
                tx.commit();
                return Status.BACKOFF;
            }
            counters.add(SinkCounter.DRAIN_ATTEMPT, n);
            deliver(p, n);
            tx.commit();
            counters.add(SinkCounter.DRAIN_SUCCESS, n);
            return Status.READY;
        } catch (EventDeliveryException e) {
            rollback(tx, e);
            throw e;
        } catch (RuntimeException e) {
            rollback(tx, e);
            throw new EventDeliveryException("Kafka sink " + name + " failed: " + e, e);
        } finally {
            tx.close();
            batch.clear();
            acks.clear();
        }
    }

    /** Builds every record first (a refused event fails the batch before anything is sent), then sends and waits. */
    private void deliver(Producer<String, byte[]> p, int n) throws EventDeliveryException {
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
        long start = System.nanoTime();
        try {
            for (int i = 0; i < n; i++) {
                acks.add(p.send(out.get(i)));
            }
            p.flush();
            awaitAcks(n);
        } catch (EventDeliveryException e) {
            throw e;
        } catch (RuntimeException e) {
            counters.add(SinkCounter.EVENT_WRITE_FAIL, n);
            throw new EventDeliveryException("Kafka sink " + name + " could not send a batch of " + n + ": " + e, e);
        } finally {
            counters.add(SEND_TIMER, (System.nanoTime() - start) / 1_000_000);
        }
    }

    private void awaitAcks(int n) throws EventDeliveryException {
        int failed = 0;
        Throwable first = null;
        for (Future<RecordMetadata> f : acks) {
            try {
                f.get();
            } catch (ExecutionException e) {
                failed++;
                if (first == null) {
                    first = e.getCause();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                counters.add(SinkCounter.EVENT_WRITE_FAIL, n);
                throw new EventDeliveryException("Kafka sink " + name + " interrupted while waiting for acknowledgements");
            }
        }
        if (failed > 0) {
            counters.add(SinkCounter.EVENT_WRITE_FAIL, n);
            throw new EventDeliveryException("Kafka sink " + name + ": " + failed + " of " + n
                    + " records were not acknowledged (" + first + "); the batch is rolled back", first);
        }
    }

    private void rollback(Transaction tx, Exception cause) {
        counters.increment(ROLLBACK_COUNT);
        LOG.warn("Sink {}: batch rolled back to the channel: {}", name, cause.getMessage());
        try {
            tx.rollback();
        } catch (RuntimeException e) {
            LOG.warn("Sink {}: rollback failed too: {}", name, e.toString());
        }
    }

    @Override
    public void stop() {
        Producer<String, byte[]> p = producer;
        producer = null;
        if (p != null) {
            try {
                p.close(CLOSE_GRACE);
            } catch (RuntimeException e) {
                LOG.warn("Sink {}: closing the producer failed: {}", name, e.toString());
            }
            counters.increment(SinkCounter.CONNECTION_CLOSED);
        }
        counters.markStopped();
    }
}
