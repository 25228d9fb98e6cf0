package io.flafka.core.runtime;

/**
 * An exponential backoff: each {@link #next()} returns the current delay and doubles it up to the
 * maximum; {@link #reset()} starts over. Not thread-safe (each runner owns its own).
 */
final class Backoff {
    private final long initialMillis;
    private final long maxMillis;
    private long current;

    Backoff(long initialMillis, long maxMillis) {
        this.initialMillis = Math.max(1, initialMillis);
        this.maxMillis = Math.max(this.initialMillis, maxMillis);
        this.current = this.initialMillis;
    }

    /** The delay to wait now; the following call returns twice as much, up to the maximum. */
    long next() {
        long d = current;
        current = Math.min(maxMillis, current * 2);
        return d;
    }

    void reset() {
        current = initialMillis;
    }
}
