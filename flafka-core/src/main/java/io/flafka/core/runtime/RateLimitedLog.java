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
     * Logs {@code message} at WARN, with the throwable's stack trace, unless a message was logged less
     * than an interval ago.
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
        } else if (t != null) {
            log.warn(text, t);
        } else {
            log.warn(text);
        }
    }
}
