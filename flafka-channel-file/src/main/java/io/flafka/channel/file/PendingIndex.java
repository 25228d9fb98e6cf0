package io.flafka.channel.file;

import io.flafka.api.ChannelException;
import io.flafka.api.ChannelFullException;
import io.flafka.api.Event;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The channel's in-memory state, under one lock: the queue of pending pointers (with cached events),
 * the room reserved against capacity, the bytes cached, and the take transactions holding events.
 * Pending events include those taken by open transactions, so a checkpoint's {@link #snapshot()} has
 * both. Thread-safe.
 */
final class PendingIndex {
    private final String name;
    private final int capacity;
    private final long keepAliveNanos;
    private final long cacheBytes;
    private final AtomicLong sizeGauge;

    private final ReentrantLock lock = new ReentrantLock();
    private final Condition notFull = lock.newCondition();
    private final PendingQueue queue;
    /** Events pending, including those taken by open transactions. */
    private long used;
    private long cachedBytes;
    private final Set<FileTransaction> takers = Collections.newSetFromMap(new IdentityHashMap<>());
    /** Events visible to takers; read without the lock for cheap hints. */
    private volatile int visible;

    PendingIndex(String name, FileChannelConfig.Settings settings, AtomicLong sizeGauge, long[] recovered) {
        this.name = name;
        this.capacity = settings.capacity();
        this.keepAliveNanos = TimeUnit.SECONDS.toNanos(settings.keepAliveSeconds());
        this.cacheBytes = settings.cacheBytes();
        this.sizeGauge = sizeGauge;
        this.queue = new PendingQueue(Math.min(capacity, Math.max(recovered.length, 1024)));
        for (long p : recovered) {
            queue.addLast(p, null, 0);
        }
        used = recovered.length;
        updateSize();
    }

    int visible() {
        return visible;
    }

    private void updateSize() {
        int v = queue.size();
        visible = v;
        sizeGauge.set(v);
    }

    /** Waits up to keep-alive for room for {@code n} more events and reserves it. */
    void reserve(int n) {
        lock.lock();
        try {
            long nanos = keepAliveNanos;
            while (used + n > capacity) {
                if (nanos <= 0) {
                    throw new ChannelFullException("File channel '" + name + "' is full: no room for a commit of "
                            + n + " events after waiting " + keepAliveNanos / 1_000_000 + " ms; " + used + " of "
                            + capacity + " events are in use (capacity). Sinks are not keeping up: add sinks, raise "
                            + "capacity, or let the source retry");
                }
                try {
                    nanos = notFull.awaitNanos(nanos);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new ChannelException("File channel '" + name + "': interrupted while waiting for room", e);
                }
            }
            used += n;
        } finally {
            lock.unlock();
        }
    }

    /** Gives back room reserved for a put that was not published. */
    void release(int n) {
        lock.lock();
        try {
            used -= n;
            notFull.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /** Makes a logged put visible: its events' pointers, cached when the cache has room. */
    void publish(int segmentId, int recordOffset, Event[] events, int[] offsets, int[] sizes, int n) {
        long batchBytes = 0;
        for (int i = 0; i < n; i++) {
            batchBytes += sizes[i];
        }
        lock.lock();
        try {
            boolean cache = cachedBytes + batchBytes <= cacheBytes;
            if (cache) {
                cachedBytes += batchBytes;
            }
            for (int i = 0; i < n; i++) {
                long p = RecordFormat.pointer(segmentId, recordOffset + offsets[i]);
                queue.addLast(p, cache ? events[i] : null, cache ? sizes[i] : 0);
            }
            updateSize();
        } finally {
            lock.unlock();
        }
    }

    /**
     * Moves up to {@code max} entries from the head into the transaction's arrays (under the lock, so a
     * checkpoint sees them as pending); returns the count.
     */
    int takeInto(FileTransaction tx, int max) {
        lock.lock();
        try {
            int n = Math.min(max, queue.size());
            if (n == 0) {
                return 0;
            }
            tx.reserve(tx.count() + n);
            int got = queue.pollFirst(n, tx.pointers, tx.events, tx.sizes, tx.count());
            tx.took(got);
            takers.add(tx);
            updateSize();
            return got;
        } finally {
            lock.unlock();
        }
    }

    /** A take transaction's record is logged: its events are gone for good. */
    void completeTakes(FileTransaction tx) {
        long freed = 0;
        for (int i = 0; i < tx.count(); i++) {
            freed += tx.sizes[i];
        }
        lock.lock();
        try {
            takers.remove(tx);
            used -= tx.count();
            cachedBytes -= freed;
            notFull.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /** Returns a transaction's taken events to the head, in order. */
    void returnTakes(FileTransaction tx) {
        lock.lock();
        try {
            takers.remove(tx);
            if (tx.count() > 0) {
                queue.addFirst(tx.pointers, tx.events, tx.sizes, tx.count());
                updateSize();
            }
        } finally {
            lock.unlock();
        }
    }

    /** Every pending pointer: those held by open take transactions, then the queue head first. */
    long[] snapshot() {
        lock.lock();
        try {
            int inFlight = 0;
            for (FileTransaction t : takers) {
                inFlight += t.count();
            }
            long[] pending = new long[inFlight + queue.size()];
            int k = 0;
            for (FileTransaction t : takers) {
                System.arraycopy(t.pointers, 0, pending, k, t.count());
                k += t.count();
            }
            queue.copyPointers(pending, k);
            return pending;
        } finally {
            lock.unlock();
        }
    }

    /** Drops every cached event (the channel stopped). */
    void clear() {
        lock.lock();
        try {
            queue.clear();
            cachedBytes = 0;
        } finally {
            lock.unlock();
        }
    }
}
