package io.flafka.testkit;

import io.flafka.api.Channel;
import io.flafka.api.ChannelException;
import io.flafka.api.ChannelFullException;
import io.flafka.api.Event;
import io.flafka.api.Transaction;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A small, correct in-memory {@link Channel} for sink tests. Puts become visible at commit; takes
 * remove events at once and a rollback puts them back at the head, in order. A put commit that does
 * not fit the capacity throws {@link ChannelFullException} without waiting.
 *
 * <p>Failures can be injected: {@link #failTakes(int)} makes the next takes throw
 * {@link ChannelException}, {@link #failCommits(int)} makes the next commits throw after rolling back.
 * Thread-safe: one lock guards the queue; transactions are used by one thread at a time.
 */
public final class SimpleTestChannel implements Channel {
    private final Object lock = new Object();
    private final Deque<Event> queue = new ArrayDeque<>();
    private final int capacity;
    private final int transactionCapacity;
    private final AtomicInteger failTakes = new AtomicInteger();
    private final AtomicInteger failCommits = new AtomicInteger();
    private final AtomicInteger commits = new AtomicInteger();
    private final AtomicInteger rollbacks = new AtomicInteger();
    private final AtomicInteger open = new AtomicInteger();

    /** A channel of capacity 10 000 and transaction capacity 1 000. */
    public SimpleTestChannel() {
        this(10_000, 1_000);
    }

    public SimpleTestChannel(int capacity, int transactionCapacity) {
        this.capacity = capacity;
        this.transactionCapacity = transactionCapacity;
    }

    /** Puts and commits these events in one transaction (test set-up). */
    public void putAll(List<Event> events) {
        try (Transaction tx = begin()) {
            tx.put(events);
            tx.commit();
        }
    }

    /** A snapshot of the committed, untaken events, head first. */
    public List<Event> contents() {
        synchronized (lock) {
            return new ArrayList<>(queue);
        }
    }

    /** The bodies of {@link #contents()} decoded as UTF-8. */
    public List<String> bodies() {
        List<String> out = new ArrayList<>();
        for (Event e : contents()) {
            out.add(e.bodyAsString());
        }
        return out;
    }

    /** The next {@code n} calls of take throw {@link ChannelException}. */
    public void failTakes(int n) {
        failTakes.set(n);
    }

    /** The next {@code n} commits roll back and throw {@link ChannelException}. */
    public void failCommits(int n) {
        failCommits.set(n);
    }

    public int commits() {
        return commits.get();
    }

    public int rollbacks() {
        return rollbacks.get();
    }

    /** Transactions begun and not yet committed or rolled back. */
    public int openTransactions() {
        return open.get();
    }

    @Override
    public long size() {
        synchronized (lock) {
            return queue.size();
        }
    }

    @Override
    public long capacity() {
        return capacity;
    }

    @Override
    public Transaction begin() {
        open.incrementAndGet();
        return new Tx();
    }

    private final class Tx implements Transaction {
        private final List<Event> puts = new ArrayList<>();
        private final List<Event> takes = new ArrayList<>();
        private boolean done;

        private void checkOpen() {
            if (done) {
                throw new IllegalStateException("transaction already completed");
            }
        }

        @Override
        public void put(Event event) {
            checkOpen();
            if (!takes.isEmpty()) {
                throw new IllegalStateException("a take transaction cannot put");
            }
            if (puts.size() >= transactionCapacity) {
                throw new ChannelException("transaction capacity " + transactionCapacity + " exceeded");
            }
            puts.add(event);
        }

        @Override
        public Event take() {
            checkOpen();
            if (!puts.isEmpty()) {
                throw new IllegalStateException("a put transaction cannot take");
            }
            if (failTakes.get() > 0 && failTakes.getAndDecrement() > 0) {
                throw new ChannelException("injected take failure");
            }
            if (takes.size() >= transactionCapacity) {
                throw new ChannelException("transaction capacity " + transactionCapacity + " exceeded");
            }
            synchronized (lock) {
                Event e = queue.pollFirst();
                if (e != null) {
                    takes.add(e);
                }
                return e;
            }
        }

        @Override
        public void commit() {
            checkOpen();
            if (failCommits.get() > 0 && failCommits.getAndDecrement() > 0) {
                rollback();
                throw new ChannelException("injected commit failure");
            }
            synchronized (lock) {
                if (!puts.isEmpty()) {
                    if (queue.size() + puts.size() > capacity) {
                        rollbackLocked();
                        throw new ChannelFullException("channel full: " + queue.size() + " of " + capacity);
                    }
                    queue.addAll(puts);
                }
                finish();
            }
            commits.incrementAndGet();
        }

        @Override
        public void rollback() {
            checkOpen();
            synchronized (lock) {
                rollbackLocked();
            }
        }

        private void rollbackLocked() {
            for (int i = takes.size() - 1; i >= 0; i--) {
                queue.addFirst(takes.get(i));
            }
            rollbacks.incrementAndGet();
            finish();
        }

        private void finish() {
            puts.clear();
            takes.clear();
            done = true;
            open.decrementAndGet();
        }

        @Override
        public void close() {
            if (!done) {
                rollback();
            }
        }
    }
}
