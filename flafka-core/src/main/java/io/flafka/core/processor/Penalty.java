package io.flafka.core.processor;

/** The exponential back-off shared by the failover and load_balance processors. */
final class Penalty {
    /** The unit of the exponential: one second. */
    static final long BASE_MS = 1000;

    private Penalty() {
    }

    /** min(maxMs, 2^failures × 1000 ms), for failures ≥ 1 consecutive failures. */
    static long of(int failures, long maxMs) {
        int shift = Math.min(Math.max(failures, 0), 30);
        return Math.min(maxMs, BASE_MS << shift);
    }
}
