package io.flafka.core.util;

import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;
import org.slf4j.Logger;

/**
 * A log line that is written at most once per interval, saying how many similar lines were suppressed
 * since the last one. Used on hot paths where one bad event per batch, or a component failing in a tight
 * retry loop, could otherwise flood the log. Thread-safe and lock-free.
 */
public final class RateLimitedLog {
    /** The default interval between two written warnings. */
    public static final long DEFAULT_INTERVAL_MS = 10_000;

    private final Logger log;
    private final long intervalMs;
    private final LongSupplier clock;
    private final AtomicLong nextAllowed = new AtomicLong(Long.MIN_VALUE);
    private final AtomicLong suppressed = new AtomicLong();

    public RateLimitedLog(Logger log, long intervalMs, LongSupplier clock) {
        this.log = log;
        this.intervalMs = intervalMs;
        this.clock = clock;
    }

    public RateLimitedLog(Logger log) {
        this(log, DEFAULT_INTERVAL_MS, System::currentTimeMillis);
    }

    public RateLimitedLog(Logger log, long intervalMs) {
        this(log, intervalMs, System::currentTimeMillis);
    }

    /**
     * Logs the message (an SLF4J format) unless another was logged within the interval.
     *
     * @return true when it was written
     */
    public boolean warn(String format, Object... args) {
        return write(true, format, args);
    }

    /** Like {@link #warn} at INFO: for expected conditions such as back-pressure. */
    public boolean info(String format, Object... args) {
        return write(false, format, args);
    }

    private boolean write(boolean warn, String format, Object... args) {
        long now = clock.getAsLong();
        long allowed = nextAllowed.get();
        if (now < allowed || !nextAllowed.compareAndSet(allowed, now + intervalMs)) {
            suppressed.incrementAndGet();
            return false;
        }
        long skipped = suppressed.getAndSet(0);
        String f = skipped > 0 ? format + " ({} similar messages suppressed)" : format;
        Object[] a = skipped > 0 ? append(args, skipped) : args;
        if (warn) {
            log.warn(f, a);
        } else {
            log.info(f, a);
        }
        return true;
    }

    private static Object[] append(Object[] args, Object extra) {
        // Keep a trailing Throwable last so SLF4J still prints its stack trace.
        Object[] out = new Object[args.length + 1];
        if (args.length > 0 && args[args.length - 1] instanceof Throwable t) {
            System.arraycopy(args, 0, out, 0, args.length - 1);
            out[args.length - 1] = extra;
            out[args.length] = t;
        } else {
            System.arraycopy(args, 0, out, 0, args.length);
            out[args.length] = extra;
        }
        return out;
    }
}
