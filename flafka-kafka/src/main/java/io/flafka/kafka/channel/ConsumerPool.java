package io.flafka.kafka.channel;

import io.flafka.api.metrics.CounterGroup;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The channel's consumers. A take transaction borrows one for its whole life; the most recently
 * returned consumer is lent first, so a sink runner keeps using the same consumer (and its
 * partitions). A new consumer joins the group only when more transactions take at once than there
 * are idle consumers. Thread-safe.
 */
final class ConsumerPool {
    private final String channelName;
    private final Map<String, Object> props;
    private final String topic;
    private final int commitIntervalMillis;
    private final KafkaChannelConfig.TakeCommit commitMode;
    private final CounterGroup counters;
    private final ArrayDeque<ConsumerLease> idle = new ArrayDeque<>();
    private final List<ConsumerLease> lent = new ArrayList<>();
    private boolean closed;

    ConsumerPool(String channelName, Map<String, Object> props, String topic, KafkaChannelConfig.TakeCommit commitMode,
                 int commitIntervalMillis, CounterGroup counters) {
        this.channelName = channelName;
        this.props = props;
        this.topic = topic;
        this.commitMode = commitMode;
        this.commitIntervalMillis = commitIntervalMillis;
        this.counters = counters;
    }

    ConsumerLease acquire() {
        ConsumerLease lease;
        synchronized (this) {
            if (closed) {
                throw new IllegalStateException("channel " + channelName + " is stopped");
            }
            lease = idle.pollFirst();
            if (lease != null) {
                lent.add(lease);
                return lease;
            }
        }
        lease = new ConsumerLease(channelName, props, topic, commitMode, commitIntervalMillis, counters);   // outside the lock: it may take a while
        synchronized (this) {
            if (closed) {
                lease.close();
                throw new IllegalStateException("channel " + channelName + " is stopped");
            }
            lent.add(lease);
        }
        return lease;
    }

    void release(ConsumerLease lease) {
        boolean close;
        synchronized (this) {
            lent.remove(lease);
            close = closed;
            if (!close) {
                idle.addFirst(lease);
            }
        }
        if (close) {
            lease.close();
        }
    }

    /** Closes the consumers; a busy lent one is woken up and closed when its transaction returns it. */
    void close() {
        List<ConsumerLease> toClose;
        List<ConsumerLease> busy;
        synchronized (this) {
            closed = true;
            toClose = new ArrayList<>(idle);
            idle.clear();
            busy = new ArrayList<>(lent);
        }
        for (ConsumerLease l : busy) {
            // An open take that is not inside the consumer right now is abandoned: its offsets stay
            // uncommitted. One that is polling is woken up and closed when its transaction ends.
            if (!l.tryCloseIdle()) {
                l.wakeup();
            }
        }
        toClose.forEach(ConsumerLease::close);
    }
}
