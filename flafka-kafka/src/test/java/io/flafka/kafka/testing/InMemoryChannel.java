package io.flafka.kafka.testing;

import io.flafka.api.Channel;
import io.flafka.api.ChannelException;
import io.flafka.api.Event;
import io.flafka.api.Transaction;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/** A simple thread-safe unbounded channel for tests, with hooks on take commits. */
public final class InMemoryChannel implements Channel {
    private final Deque<Event> queue = new ArrayDeque<>();
    public final AtomicInteger commits = new AtomicInteger();
    public final AtomicInteger rollbacks = new AtomicInteger();
    private volatile Consumer<List<Event>> beforeTakeCommit = e -> { };
    private volatile boolean overlappingTakes = true;

    public void add(Event... events) {
        synchronized (queue) {
            for (Event e : events) {
                queue.addLast(e);
            }
        }
    }

    public void add(List<Event> events) {
        add(events.toArray(Event[]::new));
    }

    /** What {@link #supportsOverlappingTakes()} answers (true by default). */
    public void overlappingTakes(boolean allowed) {
        this.overlappingTakes = allowed;
    }

    @Override
    public boolean supportsOverlappingTakes() {
        return overlappingTakes;
    }

    /** Runs inside a take transaction's commit, before the events are removed for good. */
    public void beforeTakeCommit(Consumer<List<Event>> hook) {
        this.beforeTakeCommit = hook;
    }

    @Override
    public long size() {
        synchronized (queue) {
            return queue.size();
        }
    }

    public List<Event> snapshot() {
        synchronized (queue) {
            return new ArrayList<>(queue);
        }
    }

    @Override
    public Transaction begin() {
        return new Tx();
    }

    private final class Tx implements Transaction {
        private final List<Event> puts = new ArrayList<>();
        private final List<Event> takes = new ArrayList<>();
        private boolean done;

        @Override
        public void put(Event event) {
            check();
            puts.add(event);
        }

        @Override
        public Event take() {
            check();
            synchronized (queue) {
                Event e = queue.pollFirst();
                if (e != null) {
                    takes.add(e);
                }
                return e;
            }
        }

        @Override
        public void commit() {
            check();
            if (!takes.isEmpty()) {
                beforeTakeCommit.accept(takes);
            }
            synchronized (queue) {
                puts.forEach(queue::addLast);
            }
            done = true;
            commits.incrementAndGet();
        }

        @Override
        public void rollback() {
            check();
            synchronized (queue) {
                for (int i = takes.size() - 1; i >= 0; i--) {
                    queue.addFirst(takes.get(i));
                }
            }
            done = true;
            rollbacks.incrementAndGet();
        }

        @Override
        public void close() {
            if (!done) {
                rollback();
            }
        }

        private void check() {
            if (done) {
                throw new ChannelException("transaction completed");
            }
        }
    }
}
