package io.flafka.core.runtime;

/**
 * A stop flag with sleeps that the flag cuts short. Runner threads sleep through this rather than
 * being interrupted, because an interrupt inside a component (file or socket channels, Kafka clients)
 * can close resources it still needs to finish a batch cleanly.
 */
final class StopSignal {
    private volatile boolean stopped;
    /** Set by {@link #wake()}; ends the current or next {@link #nap}. Cleared by the runner before each call. */
    private volatile boolean woken;
    /** True during a {@link #nap}: only then does {@link #wake()} need to notify. */
    private volatile boolean napping;

    boolean stopped() {
        return stopped;
    }

    /** Sleeps up to {@code millis}; returns false (early) when stopped. */
    synchronized boolean sleep(long millis) {
        return waitFor(millis, false);
    }

    /**
     * Sleeps like {@link #sleep} but also ends early on {@link #wake()}, including a wake that came after the
     * last {@link #clearWake()} but before this nap (so a wake is never lost). Returns false when stopped.
     */
    synchronized boolean nap(long millis) {
        napping = true;
        try {
            return waitFor(millis, true);
        } finally {
            napping = false;
        }
    }

    /** Waits (holding the monitor) up to {@code millis}, until stopped or, when {@code wakeable}, woken. */
    private boolean waitFor(long millis, boolean wakeable) {
        long deadline = System.nanoTime() + millis * 1_000_000L;
        long left = millis;
        while (!stopped && !(wakeable && woken) && left > 0) {
            try {
                wait(left);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
            left = (deadline - System.nanoTime()) / 1_000_000L;
        }
        return !stopped;
    }

    /** Forgets earlier wakes: called before the work whose outcome decides whether to nap. */
    void clearWake() {
        if (woken) {
            woken = false;
        }
    }

    /**
     * Ends the current nap, or the next one. Cheap when nobody naps: two volatile accesses. (Both flags are
     * volatile, so a nap starting concurrently sees {@code woken}, or this call sees {@code napping}.)
     */
    void wake() {
        if (!woken) {
            woken = true;
        }
        if (napping) {
            synchronized (this) {
                notifyAll();
            }
        }
    }

    /** Sets the flag and wakes every sleeper. */
    synchronized void stop() {
        stopped = true;
        notifyAll();
    }
}
