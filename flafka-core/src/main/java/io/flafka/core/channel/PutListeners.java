package io.flafka.core.channel;

import java.util.Arrays;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The put listeners of a channel ({@link io.flafka.api.Channel#addPutListener}): registered and removed
 * rarely (a sink starting or stopping), run after put commits, so the list is copied on write and read
 * without a lock. Thread-safe.
 */
public final class PutListeners {
    private volatile Runnable[] listeners = new Runnable[0];
    private final long quietNanos;
    private final AtomicLong lastPutNanos;

    /** Listeners that run after every put commit. */
    public PutListeners() {
        this(0);
    }

    /**
     * Listeners that run only after a put commit that follows a quiet period: more than {@code quietNanos}
     * since the previous one (0: every put commit). The first put commit always runs them.
     */
    public PutListeners(long quietNanos) {
        this.quietNanos = quietNanos;
        this.lastPutNanos = new AtomicLong(System.nanoTime() - quietNanos - 1);
    }

    public synchronized void add(Runnable listener) {
        Runnable[] l = Arrays.copyOf(listeners, listeners.length + 1);
        l[l.length - 1] = listener;
        listeners = l;
    }

    /** Removes one registration of {@code listener} (compared by identity); nothing when it is not there. */
    public synchronized void remove(Runnable listener) {
        Runnable[] l = listeners;
        for (int i = 0; i < l.length; i++) {
            if (l[i] == listener) {
                Runnable[] r = new Runnable[l.length - 1];
                System.arraycopy(l, 0, r, 0, i);
                System.arraycopy(l, i + 1, r, i, l.length - i - 1);
                listeners = r;
                return;
            }
        }
    }

    /** Called after each put commit, on the committing thread: runs every listener there, unless it is too soon. */
    public void fire() {
        if (quietNanos > 0) {
            long now = System.nanoTime();
            if (now - lastPutNanos.getAndSet(now) <= quietNanos) {
                return;
            }
        }
        for (Runnable l : listeners) {
            l.run();
        }
    }
}
