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
    /** Lists are allocated for a full batch up front, up to this many (a huge batchSize grows them as needed). */
    private static final int MAX_PRESIZE = 1 << 16;

    private final String sourceName;
    private final int batchSize;
    private final RecordConverter converter;
    private final SourceCounter counters;
    private List<ConsumerRecord<String, byte[]>> records;
    /** Parallel to records; null for a record that did not decode (skipped, but its offset counts). */
    private List<Event> events;
    /** The last record of each partition run of the batch, kept as records arrive (offsets grow within a run). */
    private List<ConsumerRecord<String, byte[]>> runEnds = new ArrayList<>();
    private int undecoded;
    private final ArrayDeque<ConsumerRecord<String, byte[]>> overflow = new ArrayDeque<>();

    SourceBatch(String sourceName, int batchSize, RecordConverter converter, SourceCounter counters) {
        this.sourceName = sourceName;
        this.batchSize = batchSize;
        this.converter = converter;
        this.counters = counters;
        this.records = new ArrayList<>(presize());
        this.events = new ArrayList<>(presize());
    }

    private int presize() {
        return Math.min(batchSize, MAX_PRESIZE);
    }

    /** Adds polled records: into the batch while there is room, the rest to the overflow. */
    void add(ConsumerRecords<String, byte[]> polled) {
        fill();
        for (ConsumerRecord<String, byte[]> r : polled) {
            if (overflow.isEmpty() && records.size() < batchSize) {
                accept(r);
            } else {
                overflow.addLast(r);
            }
        }
    }

    /** Moves overflow records into the batch while there is room, converting them to events. */
    void fill() {
        while (records.size() < batchSize && !overflow.isEmpty()) {
            accept(overflow.pollFirst());
        }
    }

    private void accept(ConsumerRecord<String, byte[]> r) {
        Event e;
        try {
            e = converter.toEvent(r);
        } catch (MalformedEventException ex) {
            counters.increment(SourceCounter.EVENT_READ_FAIL);
            LOG.warn("Source {}: skipping {}", sourceName, ex.getMessage());
            e = null;
            undecoded++;
        }
        noteRunEnd(r);
        records.add(r);
        events.add(e);
    }

    /** The record ends its partition's run so far: it replaces the run's previous end, or starts a new run. */
    private void noteRunEnd(ConsumerRecord<String, byte[]> r) {
        int last = runEnds.size() - 1;
        if (last >= 0 && sameRun(runEnds.get(last), r)) {
            runEnds.set(last, r);
        } else {
            runEnds.add(r);
        }
    }

    private static boolean sameRun(ConsumerRecord<?, ?> a, ConsumerRecord<?, ?> b) {
        return a.partition() == b.partition() && a.topic().equals(b.topic());
    }

    /**
     * Moves the current batch out into a new object (written to the channels while this one fills
     * again); the overflow stays here, to be batched next. The lists move, nothing is copied.
     */
    SourceBatch detach() {
        SourceBatch out = new SourceBatch(sourceName, 0, converter, counters);
        out.records = records;
        out.events = events;
        out.runEnds = runEnds;
        out.undecoded = undecoded;
        records = new ArrayList<>(presize());
        events = new ArrayList<>(presize());
        runEnds = new ArrayList<>();
        undecoded = 0;
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

    /** True when no record of the batch decoded into an event (or the batch is empty). */
    boolean isEmptyOfEvents() {
        return undecoded == records.size();
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
        if (undecoded == 0) {
            return new ArrayList<>(events);
        }
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
        runEnds.forEach(action);
    }

    /** Drops the batch (it was accepted); the overflow stays for the next one. */
    void clearBatch() {
        records.clear();
        events.clear();
        runEnds.clear();
        undecoded = 0;
    }

    /** Drops everything. */
    void clearAll() {
        clearBatch();
        overflow.clear();
    }

    /** Forgets the records of partitions no longer owned; their new owner reads them again. */
    void forget(Collection<TopicPartition> partitions) {
        Set<TopicPartition> gone = Set.copyOf(partitions);
        List<ConsumerRecord<String, byte[]>> keptRecords = new ArrayList<>(records.size());
        List<Event> keptEvents = new ArrayList<>(events.size());
        runEnds.clear();
        undecoded = 0;
        for (int i = 0; i < records.size(); i++) {
            ConsumerRecord<String, byte[]> r = records.get(i);
            if (gone.contains(new TopicPartition(r.topic(), r.partition()))) {
                continue;
            }
            Event e = events.get(i);
            keptRecords.add(r);
            keptEvents.add(e);
            undecoded += e == null ? 1 : 0;
            noteRunEnd(r);
        }
        records = keptRecords;
        events = keptEvents;
        for (Iterator<ConsumerRecord<String, byte[]>> it = overflow.iterator(); it.hasNext(); ) {
            ConsumerRecord<String, byte[]> r = it.next();
            if (gone.contains(new TopicPartition(r.topic(), r.partition()))) {
                it.remove();
            }
        }
    }
}
