package io.flafka.core.runtime;

import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;

/**
 * A WARN log that prints at most one message per interval and says how many it held back, so a
 * component failing in a tight retry loop cannot flood the log. Thread-safe.
 */
final class RateLimitedLog {
    private final Logger log;
    private final long intervalNanos;
    private final AtomicLong nextAllowed = new AtomicLong(Long.MIN_VALUE);
    private final AtomicLong suppressed = new AtomicLong();

    RateLimitedLog(Logger log, long intervalMillis) {
        this.log = log;
        this.intervalNanos = intervalMillis * 1_000_000L;
    }

    /**
     * Logs {@code message} at WARN unless one was logged less than an interval ago. The throwable's
     * stack trace is printed only for the first message of a series (later ones carry its text).
     */
    void warn(String message, Throwable t) {
        log(true, message, t);
    }

    /** Like {@link #warn} at INFO, without stack traces: for expected conditions such as back-pressure. */
    void info(String message) {
        log(false, message, null);
    }

    private void log(boolean warn, String message, Throwable t) {
        long now = System.nanoTime();
        long allowed = nextAllowed.get();
        if ((allowed != Long.MIN_VALUE && now - allowed < 0) || !nextAllowed.compareAndSet(allowed, now + intervalNanos)) {
            suppressed.incrementAndGet();
            return;
        }
        long held = suppressed.getAndSet(0);
        String text = held == 0 ? message : message + " (" + held + " similar messages suppressed)";
        if (!warn) {
            log.info(text);
        } else if (t != null && allowed == Long.MIN_VALUE) {
            log.warn(text, t);
        } else {
            log.warn(t == null ? text : text + ": " + t);
        }
    }

    /** Forgets the series, so the next failure is logged at once with its stack trace. */
    void reset() {
        nextAllowed.set(Long.MIN_VALUE);
        suppressed.set(0);
    }
}
