package io.flafka.kafka.channel;

import java.util.ArrayDeque;
import java.util.List;
import java.util.Set;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.common.TopicPartition;

/**
 * The records of a consumer's polls not handed out yet, in poll order: each poll's per-partition
 * lists are kept as they are and read by index, so a record costs no copy into a queue and no
 * iterator step over the poll's partitions. Used by the thread that holds the consumer.
 */
final class PolledRecords {
    private record Chunk(TopicPartition partition, List<ConsumerRecord<String, byte[]>> records) {
    }

    private final ArrayDeque<Chunk> chunks = new ArrayDeque<>();
    // the chunk being read (null when none), and the index of its next record
    private Chunk head;
    private int next;

    boolean isEmpty() {
        return head == null && chunks.isEmpty();
    }

    void addAll(ConsumerRecords<String, byte[]> polled) {
        for (TopicPartition tp : polled.partitions()) {
            List<ConsumerRecord<String, byte[]>> records = polled.records(tp);
            if (!records.isEmpty()) {
                chunks.addLast(new Chunk(tp, records));
            }
        }
    }

    /** The next record, or null when none is left. */
    ConsumerRecord<String, byte[]> poll() {
        Chunk c = head;
        if (c == null) {
            c = chunks.pollFirst();
            if (c == null) {
                return null;
            }
            head = c;
            next = 0;
        }
        ConsumerRecord<String, byte[]> r = c.records.get(next++);
        if (next == c.records.size()) {
            head = null;
        }
        return r;
    }

    /** Drops every record left of these partitions. */
    void remove(Set<TopicPartition> partitions) {
        if (head != null && partitions.contains(head.partition)) {
            head = null;
        }
        chunks.removeIf(c -> partitions.contains(c.partition));
    }
}
