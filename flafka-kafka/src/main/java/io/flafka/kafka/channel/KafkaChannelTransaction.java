package io.flafka.kafka.channel;

import io.flafka.api.ChannelException;
import io.flafka.api.Event;
import io.flafka.api.Transaction;
import io.flafka.api.metrics.ChannelCounter;
import io.flafka.kafka.avro.MalformedEventException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One transaction of the {@link KafkaChannel}: a put transaction produces its events at commit and
 * waits for every acknowledgement; a take transaction borrows a consumer, commits the taken offsets
 * with {@code commitSync} at commit and seeks back at rollback. Used by one thread at a time.
 */
final class KafkaChannelTransaction implements Transaction {
    private static final Logger LOG = LoggerFactory.getLogger(KafkaChannelTransaction.class);

    private enum State { NEW, PUT, TAKE, DONE }

    private final String channelName;
    private final Producer<String, byte[]> producer;
    private final ConsumerPool pool;
    private final ChannelRecords records;
    private final Duration pollTimeout;
    private final ChannelCounter counters;
    private State state = State.NEW;

    private List<ProducerRecord<String, byte[]>> puts;
    private ConsumerLease lease;
    /** Per partition: the first offset taken and the offset after the last one taken. */
    private Map<TopicPartition, long[]> ranges;
    private ConsumerRecord<String, byte[]> lastRecord;
    private long[] lastRange;
    private int taken;

    KafkaChannelTransaction(String channelName, Producer<String, byte[]> producer, ConsumerPool pool,
                            ChannelRecords records, Duration pollTimeout, ChannelCounter counters) {
        this.channelName = channelName;
        this.producer = producer;
        this.pool = pool;
        this.records = records;
        this.pollTimeout = pollTimeout;
        this.counters = counters;
    }

    @Override
    public void put(Event event) {
        enter(State.PUT);
        counters.increment(ChannelCounter.PUT_ATTEMPT);
        if (puts == null) {
            puts = new ArrayList<>();
        }
        puts.add(records.toRecord(event));
    }

    @Override
    public Event take() {
        List<Event> one = new ArrayList<>(1);
        return take(1, one) == 0 ? null : one.get(0);
    }

    /** Records the taken offset; allocates only when the partition changes (polls come grouped by partition). */
    private void track(ConsumerRecord<String, byte[]> r) {
        if (lastRecord == null || lastRecord.partition() != r.partition() || !lastRecord.topic().equals(r.topic())) {
            lastRange = ranges.computeIfAbsent(new TopicPartition(r.topic(), r.partition()),
                    k -> new long[] {r.offset(), r.offset() + 1});
        }
        lastRange[1] = r.offset() + 1;
        lastRecord = r;
    }

    /**
     * Takes up to {@code max} events: only the first take of a transaction waits up to the poll
     * timeout, later ones take what is already there. Counted and timed once per call, not per event.
     */
    @Override
    public int take(int max, List<Event> into) {
        enter(State.TAKE);
        if (lease == null) {
            lease = pool.acquire();
            ranges = new HashMap<>();
        }
        int n = 0;
        int attempts = 0;
        long start = System.nanoTime();
        try {
            while (n < max) {
                attempts++;
                ConsumerRecord<String, byte[]> r = next(taken == 0 ? pollTimeout : Duration.ZERO);
                if (r == null) {
                    break;
                }
                track(r);
                Event e = toEvent(r);
                if (e != null) {
                    into.add(e);
                    taken++;
                    n++;
                }
            }
        } finally {
            counters.add(ChannelCounter.TAKE_ATTEMPT, attempts);
            counters.add(KafkaChannel.GET_TIMER, TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start));
        }
        return n;
    }

    private ConsumerRecord<String, byte[]> next(Duration wait) {
        try {
            return lease.next(wait);
        } catch (WakeupException e) {
            throw new ChannelException("Kafka channel " + channelName + " is stopping");
        } catch (KafkaException e) {
            throw new ChannelException("Kafka channel " + channelName + ": poll failed: " + e, e);
        }
    }

    /** The record's event, or null when it does not decode (counted and logged; its offset still counts). */
    private Event toEvent(ConsumerRecord<String, byte[]> r) {
        try {
            return records.toEvent(r);
        } catch (MalformedEventException ex) {
            counters.increment(KafkaChannel.PARSE_FAIL);
            LOG.warn("Channel {}: skipping record {}-{}@{}: not a binary AvroFlumeEvent (parseAsFlumeEvent = true; "
                    + "set it to false if other producers write to the topic): {}", channelName, r.topic(),
                    r.partition(), r.offset(), ex.getCause() == null ? ex.getMessage() : ex.getCause().toString());
            return null;
        }
    }

    @Override
    public void commit() {
        switch (state) {
            case PUT -> commitPuts();
            case TAKE -> commitTakes();
            case NEW -> state = State.DONE;
            default -> throw new ChannelException("transaction already completed");
        }
    }

    private void commitPuts() {
        int n = puts.size();
        List<Future<RecordMetadata>> acks = new ArrayList<>(n);
        long start = System.nanoTime();
        try {
            for (ProducerRecord<String, byte[]> r : puts) {
                acks.add(producer.send(r));
            }
            producer.flush();
            for (Future<RecordMetadata> f : acks) {
                f.get();
            }
        } catch (ExecutionException e) {
            failPut("a record was not acknowledged: " + e.getCause(), e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            failPut("interrupted while waiting for acknowledgements", e);
        } catch (RuntimeException e) {
            failPut("send failed: " + e, e);
        } finally {
            counters.add(KafkaChannel.SEND_TIMER, TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start));
        }
        counters.add(ChannelCounter.PUT_SUCCESS, n);
        puts = null;
        state = State.DONE;
    }

    private void failPut(String why, Throwable cause) {
        int n = puts.size();
        puts = null;
        state = State.DONE;
        counters.increment(KafkaChannel.ROLLBACK_COUNT);
        throw new ChannelException("Kafka channel " + channelName + ": put of " + n + " events failed, rolled back ("
                + why + "); some may have been written and will be duplicated by a retry", cause);
    }

    private void commitTakes() {
        try {
            if (!ranges.isEmpty()) {
                Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
                ranges.forEach((tp, range) -> offsets.put(tp, new OffsetAndMetadata(range[1])));
                long start = System.nanoTime();
                try {
                    lease.commit(offsets);
                } finally {
                    counters.add(KafkaChannel.COMMIT_TIMER, TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start));
                }
            }
            counters.add(ChannelCounter.TAKE_SUCCESS, taken);
        } catch (RuntimeException e) {
            counters.increment(KafkaChannel.ROLLBACK_COUNT);
            safeSeekBack();
            throw new ChannelException("Kafka channel " + channelName + ": committing the offsets of " + ranges.keySet()
                    + " failed, the take is rolled back and its events will be taken again: " + e, e);
        } finally {
            finishTake();
        }
    }

    @Override
    public void rollback() {
        switch (state) {
            case PUT -> {
                puts = null;
                counters.increment(KafkaChannel.ROLLBACK_COUNT);
            }
            case TAKE -> {
                counters.increment(KafkaChannel.ROLLBACK_COUNT);
                safeSeekBack();
                finishTake();
            }
            case DONE -> throw new ChannelException("transaction already completed");
            default -> { }
        }
        state = State.DONE;
    }

    @Override
    public void close() {
        if (state != State.DONE) {
            rollback();
        }
    }

    private void safeSeekBack() {
        if (lease != null && !ranges.isEmpty()) {
            Map<TopicPartition, Long> firstTaken = new HashMap<>();
            ranges.forEach((tp, range) -> firstTaken.put(tp, range[0]));
            try {
                lease.seekBack(firstTaken);
            } catch (RuntimeException e) {
                // the records are still uncommitted in Kafka: at worst they come back after a restart
                LOG.warn("Channel {}: seeking back failed ({}); the events stay uncommitted in Kafka", channelName,
                        e.toString());
            }
        }
    }

    private void finishTake() {
        state = State.DONE;
        if (lease != null) {
            pool.release(lease);
            lease = null;
        }
    }

    private void enter(State wanted) {
        if (state == State.NEW) {
            state = wanted;
        } else if (state == State.DONE) {
            throw new ChannelException("transaction already completed");
        } else if (state != wanted) {
            throw new ChannelException("a transaction either puts or takes, not both");
        }
    }
}
