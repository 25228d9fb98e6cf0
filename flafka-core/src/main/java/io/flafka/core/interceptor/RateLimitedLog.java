package io.flafka.core.interceptor;

import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;
import org.slf4j.Logger;

/**
 * A WARN that is written at most once per interval, saying how many similar warnings were suppressed
 * since the last one. Used on hot paths where one bad event per batch could otherwise flood the log.
 * Thread-safe and lock-free.
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

    /**
     * Logs the message (an SLF4J format) unless another was logged within the interval.
     *
     * @return true when it was written
     */
    public boolean warn(String format, Object... args) {
        long now = clock.getAsLong();
        long allowed = nextAllowed.get();
        if (now < allowed || !nextAllowed.compareAndSet(allowed, now + intervalMs)) {
            suppressed.incrementAndGet();
            return false;
        }
        long skipped = suppressed.getAndSet(0);
        if (skipped > 0) {
            log.warn(format + " ({} similar warnings suppressed)", append(args, skipped));
        } else {
            log.warn(format, args);
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
