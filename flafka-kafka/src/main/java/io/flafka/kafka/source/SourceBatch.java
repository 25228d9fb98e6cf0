package io.flafka.kafka.source;

import io.flafka.api.Event;
import io.flafka.api.metrics.SourceCounter;
import io.flafka.kafka.avro.MalformedEventException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The records a Kafka source holds: the current batch (records with their events, at most
 * {@code batchSize}) and the records polled beyond it, batched next. Used by the source's runner
 * thread only (rebalance callbacks run on it too).
 */
final class SourceBatch {
    private static final Logger LOG = LoggerFactory.getLogger(SourceBatch.class);

    private final String sourceName;
    private final int batchSize;
    private final RecordConverter converter;
    private final SourceCounter counters;
    private final List<ConsumerRecord<String, byte[]>> records = new ArrayList<>();
    /** Parallel to records; null for a record that did not decode (skipped, but its offset counts). */
    private final List<Event> events = new ArrayList<>();
    private final ArrayDeque<ConsumerRecord<String, byte[]>> overflow = new ArrayDeque<>();

    SourceBatch(String sourceName, int batchSize, RecordConverter converter, SourceCounter counters) {
        this.sourceName = sourceName;
        this.batchSize = batchSize;
        this.converter = converter;
        this.counters = counters;
    }

    /** Adds polled records: into the batch while there is room, the rest to the overflow. */
    void add(ConsumerRecords<String, byte[]> polled) {
        for (ConsumerRecord<String, byte[]> r : polled) {
            overflow.addLast(r);
        }
        fill();
    }

    /** Moves overflow records into the batch while there is room, converting them to events. */
    void fill() {
        while (records.size() < batchSize && !overflow.isEmpty()) {
            ConsumerRecord<String, byte[]> r = overflow.pollFirst();
            Event e;
            try {
                e = converter.toEvent(r);
            } catch (MalformedEventException ex) {
                counters.increment(SourceCounter.EVENT_READ_FAIL);
                LOG.warn("Source {}: skipping {}", sourceName, ex.getMessage());
                e = null;
            }
            records.add(r);
            events.add(e);
        }
    }

    /**
     * Moves the current batch out into a new object (written to the channels while this one fills
     * again); the overflow stays here, to be batched next.
     */
    SourceBatch detach() {
        SourceBatch out = new SourceBatch(sourceName, batchSize, converter, counters);
        out.records.addAll(records);
        out.events.addAll(events);
        clearBatch();
        return out;
    }

    /** Builds the batch's deferred headers now (see {@link io.flafka.api.DeferredHeaders}). */
    void prepareHeaders() {
        for (Event e : events) {
            if (e != null) {
                e.hasHeaders();
            }
        }
    }

    /** Records in the batch (including those that did not decode). */
    int size() {
        return records.size();
    }

    boolean isEmpty() {
        return records.isEmpty();
    }

    /** True when the batch is full or overflow records wait: polling more would not help this batch. */
    boolean isFull() {
        return records.size() >= batchSize || !overflow.isEmpty();
    }

    /** The batch's events, in a new list the processor may modify. */
    List<Event> events() {
        List<Event> out = new ArrayList<>(events.size());
        for (Event e : events) {
            if (e != null) {
                out.add(e);
            }
        }
        return out;
    }

    /** Calls {@code action} with the last record of each partition run of the batch (offsets grow within a partition). */
    void forEachRunEnd(Consumer<ConsumerRecord<String, byte[]>> action) {
        ConsumerRecord<String, byte[]> prev = null;
        for (ConsumerRecord<String, byte[]> r : records) {
            if (prev != null && (prev.partition() != r.partition() || !prev.topic().equals(r.topic()))) {
                action.accept(prev);
            }
            prev = r;
        }
        if (prev != null) {
            action.accept(prev);
        }
    }

    /** Drops the batch (it was accepted); the overflow stays for the next one. */
    void clearBatch() {
        records.clear();
        events.clear();
    }

    /** Drops everything. */
    void clearAll() {
        clearBatch();
        overflow.clear();
    }

    /** Forgets the records of partitions no longer owned; their new owner reads them again. */
    void forget(Collection<TopicPartition> partitions) {
        Set<TopicPartition> gone = Set.copyOf(partitions);
        for (int i = records.size() - 1; i >= 0; i--) {
            ConsumerRecord<String, byte[]> r = records.get(i);
            if (gone.contains(new TopicPartition(r.topic(), r.partition()))) {
                records.remove(i);
                events.remove(i);
            }
        }
        for (Iterator<ConsumerRecord<String, byte[]>> it = overflow.iterator(); it.hasNext(); ) {
            ConsumerRecord<String, byte[]> r = it.next();
            if (gone.contains(new TopicPartition(r.topic(), r.partition()))) {
                it.remove();
            }
        }
    }
}
