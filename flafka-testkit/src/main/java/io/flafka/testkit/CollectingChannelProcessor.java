package io.flafka.testkit;

import io.flafka.api.ChannelException;
import io.flafka.api.ChannelFullException;
import io.flafka.api.ChannelProcessor;
import io.flafka.api.Event;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A {@link ChannelProcessor} double for source tests: it records every accepted batch, and can be told
 * to refuse batches as a full channel ({@link ChannelFullException}) or a failed one
 * ({@link ChannelException}), or to block callers (as a channel waiting for room) until released,
 * interrupted or {@link #maxBlock} elapses (then it throws {@link ChannelFullException}).
 *
 * <p>Thread-safe: event-driven sources call it from many threads. A refused or blocked batch is
 * never recorded, so {@link #events()} is exactly what a real processor would have committed.
 */
public final class CollectingChannelProcessor implements ChannelProcessor {

    /** What the processor does with the next batch. */
    public enum Mode {
        /** Records the batch (a commit). */
        ACCEPT,
        /** Throws {@link ChannelFullException}. */
        FULL,
        /** Throws {@link ChannelException}. */
        FAIL,
        /** Blocks until the mode changes, the caller is interrupted, or {@link #maxBlock} elapses. */
        BLOCK
    }

    private final Object lock = new Object();
    private final List<List<Event>> batches = new ArrayList<>();
    private final List<Event> events = new ArrayList<>();
    private final AtomicInteger attempts = new AtomicInteger();
    private final AtomicInteger refused = new AtomicInteger();
    private final AtomicInteger blocked = new AtomicInteger();
    private Mode mode = Mode.ACCEPT;
    private int refuseNext;
    private Mode refuseNextMode = Mode.FAIL;
    private final Duration maxBlock;

    /** A processor that blocks at most 60 seconds in {@link Mode#BLOCK}. */
    public CollectingChannelProcessor() {
        this(Duration.ofSeconds(60));
    }

    /** @param maxBlock the longest a caller stays blocked in {@link Mode#BLOCK} */
    public CollectingChannelProcessor(Duration maxBlock) {
        this.maxBlock = maxBlock;
    }

    /** Switches the mode for every later batch; wakes up blocked callers. */
    public void mode(Mode newMode) {
        synchronized (lock) {
            this.mode = newMode;
            lock.notifyAll();
        }
    }

    public Mode mode() {
        synchronized (lock) {
            return mode;
        }
    }

    /** Refuses the next {@code n} batches the way {@code how} says (FULL or FAIL), then reverts to the mode. */
    public void refuseNext(int n, Mode how) {
        if (how != Mode.FULL && how != Mode.FAIL) {
            throw new IllegalArgumentException("refuse as FULL or FAIL, not " + how);
        }
        synchronized (lock) {
            this.refuseNext = n;
            this.refuseNextMode = how;
        }
    }

    @Override
    public void process(Event event) {
        List<Event> one = new ArrayList<>(1);
        one.add(event);
        processBatch(one);
    }

    @Override
    public void processBatch(List<Event> batch) {
        attempts.incrementAndGet();
        synchronized (lock) {
            Mode m = mode;
            if (refuseNext > 0) {
                refuseNext--;
                m = refuseNextMode;
            }
            if (m == Mode.BLOCK) {
                blockWhileBlocking();
                m = mode;
            }
            switch (m) {
                case FULL -> {
                    refused.incrementAndGet();
                    throw new ChannelFullException("test channel is full");
                }
                case FAIL -> {
                    refused.incrementAndGet();
                    throw new ChannelException("test channel failed");
                }
                default -> {
                    List<Event> copy = List.copyOf(batch);
                    batches.add(copy);
                    events.addAll(copy);
                    lock.notifyAll();
                }
            }
        }
    }

    private void blockWhileBlocking() {
        long deadline = System.nanoTime() + maxBlock.toNanos();
        blocked.incrementAndGet();
        try {
            while (mode == Mode.BLOCK) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    refused.incrementAndGet();
                    throw new ChannelFullException("test channel stayed full for " + maxBlock);
                }
                TimeUnit.NANOSECONDS.timedWait(lock, left);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            refused.incrementAndGet();
            throw new ChannelException("interrupted while waiting for room");
        } finally {
            blocked.decrementAndGet();
        }
    }

    /** Every accepted event, in acceptance order (a copy). */
    public List<Event> events() {
        synchronized (lock) {
            return List.copyOf(events);
        }
    }

    /** The accepted bodies decoded as UTF-8, in acceptance order. */
    public List<String> bodies() {
        synchronized (lock) {
            List<String> out = new ArrayList<>(events.size());
            for (Event e : events) {
                out.add(e.bodyAsString());
            }
            return out;
        }
    }

    /** Every accepted batch, in order (copies). */
    public List<List<Event>> batches() {
        synchronized (lock) {
            return List.copyOf(batches);
        }
    }

    /** How many events were accepted. */
    public int count() {
        synchronized (lock) {
            return events.size();
        }
    }

    /** How many batches were offered, accepted or not. */
    public int attempts() {
        return attempts.get();
    }

    /** How many batches were refused (full, failed, or blocked until they gave up). */
    public int refused() {
        return refused.get();
    }

    /** How many callers are blocked right now in {@link Mode#BLOCK}. */
    public int blockedCallers() {
        return blocked.get();
    }

    /** Waits until at least {@code n} events were accepted; false on timeout. */
    public boolean awaitCount(int n, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (lock) {
            while (events.size() < n) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return false;
                }
                TimeUnit.NANOSECONDS.timedWait(lock, left);
            }
            return true;
        }
    }

    /** Forgets everything recorded (the mode is kept). */
    public void clear() {
        synchronized (lock) {
            batches.clear();
            events.clear();
        }
    }
}
