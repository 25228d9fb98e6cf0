package io.flafka.core.channel;

import java.util.Arrays;

/**
 * The put listeners of a channel ({@link io.flafka.api.Channel#addPutListener}): registered and removed
 * rarely (a sink starting or stopping), run after every put commit, so the list is copied on write and
 * read without a lock. Thread-safe.
 */
public final class PutListeners {
    private volatile Runnable[] listeners = new Runnable[0];

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

    /** Runs every listener on the calling thread (the one that committed the put). */
    public void fire() {
        for (Runnable l : listeners) {
            l.run();
        }
    }
}
