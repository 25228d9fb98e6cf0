package io.flafka.core.runtime;

import io.flafka.core.util.RateLimitedLog;
import io.flafka.api.ChannelFullException;
import io.flafka.api.Status;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One named thread that calls a pollable source's, a sink's or a sink group's {@code process()} in a
 * loop. It owns the retry policy: after {@link Status#BACKOFF} it sleeps from the component's first
 * idle backoff, doubling up to the idle maximum (milliseconds, so a quiet pipeline adds little
 * latency); after an exception it logs a rate-limited WARN, counts it and sleeps 100 ms doubling up to
 * 10 s. A {@link ChannelFullException} is back-pressure, not a failure: logged at INFO (rate-limited),
 * not counted here, and retried on the idle schedule. Nothing a component throws ends the thread; only {@link #requestStop()} does, between two
 * calls, so an in-flight batch always finishes.
 */
final class Runner {
    private static final Logger LOG = LoggerFactory.getLogger(Runner.class);
    static final long ERROR_BACKOFF_START_MS = 100;
    static final long ERROR_BACKOFF_MAX_MS = 10_000;
    /** How long stop waits for an in-flight call, before and after stopping the component. */
    static final long GRACE_MS = Long.getLong("flafka.shutdown.processGraceMs", 5_000);

    /** One call of the component's {@code process()}. */
    @FunctionalInterface
    interface Step {
        Status process() throws Exception;
    }

    private final String what;
    private final Step step;
    private final Backoff idle;
    private final Backoff errors = new Backoff(ERROR_BACKOFF_START_MS, ERROR_BACKOFF_MAX_MS);
    private final Consumer<Throwable> failureCounter;
    private final RateLimitedLog warn = new RateLimitedLog(LOG, 10_000);
    private final RateLimitedLog pressure = new RateLimitedLog(LOG, 30_000);
    private final RateLimitedLog recovered = new RateLimitedLog(LOG, 10_000);
    private final StopSignal signal = new StopSignal();
    private final Thread thread;
    private long consecutiveFailures;

    /**
     * @param threadName e.g. {@code source-r1}, {@code sink-k1}, {@code sinkgroup-g1}
     * @param what the component as named in logs, e.g. {@code sink 'k1'}
     * @param idleStartMillis first sleep after BACKOFF
     * @param idleMaxMillis longest sleep after consecutive BACKOFFs
     * @param failureCounter counts a failure (called on the runner thread)
     */
    Runner(String threadName, String what, Step step, long idleStartMillis, long idleMaxMillis,
           Consumer<Throwable> failureCounter) {
        this.what = what;
        this.step = step;
        this.idle = new Backoff(idleStartMillis, idleMaxMillis);
        this.failureCounter = failureCounter;
        this.thread = new Thread(this::loop, threadName);
        this.thread.setDaemon(false);
    }

    void start() {
        thread.start();
    }

    /**
     * Cuts the idle sleep after a {@link Status#BACKOFF} short (now, or the next one if the thread is still in
     * its call): there is work again. Error backoffs are not cut. Any thread; cheap when the runner is busy.
     */
    void wake() {
        signal.wake();
    }

    /** Asks the loop to end after the current call and cuts any sleep short. Does not wait. */
    void requestStop() {
        signal.stop();
    }

    /** Waits up to {@code millis} for the thread to end; true when it has. */
    boolean join(long millis) {
        try {
            thread.join(Math.max(1, millis));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return !thread.isAlive();
    }

    Thread thread() {
        return thread;
    }

    /**
     * Stops gracefully: lets the in-flight call finish (up to {@link #GRACE_MS}), then runs
     * {@code stopComponent} (which must unblock a call stuck in I/O) and waits once more.
     */
    void stopGracefully(Runnable stopComponent) {
        requestStop();
        if (!join(GRACE_MS)) {
            LOG.warn("{} is still busy after {} ms; stopping it to unblock its thread", what, GRACE_MS);
        }
        Components.quietly(what, stopComponent);
        if (!join(GRACE_MS)) {
            LOG.warn("Thread '{}' of {} did not end after stop(); abandoning it", thread.getName(), what);
        }
    }

    private void loop() {
        LOG.debug("{} runner started", what);
        while (!signal.stopped()) {
            Status status;
            signal.clearWake();
            try {
                status = step.process();
            } catch (ChannelFullException full) {
                // Back-pressure, not a failure: the channel processor counted it and the commit already
                // waited the channel's keep-alive, so retry on the short idle schedule.
                pressure.info("{} is held back by a full channel: {}", what, full.getMessage());
                signal.sleep(idle.next());
                continue;
            } catch (Throwable t) {
                onFailure(t);
                signal.sleep(errors.next());
                continue;
            }
            if (consecutiveFailures > 0) {
                recovered.info("{} recovered after {} consecutive failure(s)", what, consecutiveFailures);
                consecutiveFailures = 0;
                errors.reset();
            }
            if (status == Status.BACKOFF) {
                signal.nap(idle.next());
            } else {
                idle.reset();
            }
        }
        LOG.debug("{} runner stopped", what);
    }

    private void onFailure(Throwable t) {
        consecutiveFailures++;
        try {
            failureCounter.accept(t);
        } catch (RuntimeException e) {
            LOG.debug("failure counter threw", e);
        }
        String reason = t.getMessage() == null ? t.getClass().getName() : t.getMessage();
        warn.warn("{} failed ({} in a row), retrying with backoff: {}", what, consecutiveFailures, reason, t);
    }
}
