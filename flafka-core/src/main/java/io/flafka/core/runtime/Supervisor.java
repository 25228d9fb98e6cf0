package io.flafka.core.runtime;

import io.flafka.core.util.RateLimitedLog;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Retries components whose start failed (or whose channels are not running yet), on one thread of its
 * own ({@code supervisor-<agent>}), with exponential backoff from 100 ms to 10 s per component. The
 * other components keep running meanwhile. {@link #stop()} ends the thread promptly.
 */
final class Supervisor {
    private static final Logger LOG = LoggerFactory.getLogger(Supervisor.class);
    /** How often a component waiting for its channels checks again. */
    private static final long DEPENDENCY_POLL_MS = 50;

    private final List<Entry> entries = new ArrayList<>();
    private final Thread thread;
    private boolean stopped;

    private static final class Entry {
        final Unit unit;
        final Backoff backoff = new Backoff(Runner.ERROR_BACKOFF_START_MS, Runner.ERROR_BACKOFF_MAX_MS);
        final RateLimitedLog warn = new RateLimitedLog(LOG, 10_000);
        long dueNanos;
        int failures;

        Entry(Unit unit, long dueNanos) {
            this.unit = unit;
            this.dueNanos = dueNanos;
        }
    }

    Supervisor(String agentName) {
        thread = new Thread(this::loop, "supervisor-" + agentName);
        thread.setDaemon(true);
    }

    void start() {
        thread.start();
    }

    /** Schedules {@code unit} for a start attempt after {@code delayMillis}. */
    synchronized void add(Unit unit, long delayMillis, int failuresSoFar) {
        Entry e = new Entry(unit, System.nanoTime() + delayMillis * 1_000_000L);
        e.failures = failuresSoFar;
        for (int i = 0; i < failuresSoFar; i++) {
            e.backoff.next();
        }
        entries.add(e);
        notifyAll();
    }

    void stop() {
        synchronized (this) {
            stopped = true;
            entries.clear();
            notifyAll();
        }
        if (Thread.currentThread() != thread) {
            try {
                thread.join(30_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private void loop() {
        while (true) {
            Entry due = nextDue();
            if (due == null) {
                return;
            }
            attempt(due);
        }
    }

    /** Waits for the first entry that is due (in start order: channels, sinks, sources); null when stopped. */
    private synchronized Entry nextDue() {
        while (!stopped) {
            long now = System.nanoTime();
            Entry best = null;
            long wait = Long.MAX_VALUE;
            for (Entry e : entries) {
                if (e.unit.isDone()) {
                    continue;
                }
                long left = e.dueNanos - now;
                if (left <= 0) {
                    if (best == null || e.unit.startOrder() < best.unit.startOrder()) {
                        best = e;
                    }
                } else {
                    wait = Math.min(wait, left);
                }
            }
            entries.removeIf(e -> e.unit.isDone());
            if (best != null) {
                entries.remove(best);
                return best;
            }
            try {
                if (wait == Long.MAX_VALUE) {
                    wait();
                } else {
                    wait(Math.max(1, wait / 1_000_000L));
                }
            } catch (InterruptedException e) {
                return null;
            }
        }
        return null;
    }

    private void attempt(Entry e) {
        Unit unit = e.unit;
        long delay;
        if (!unit.dependenciesRunning()) {
            delay = DEPENDENCY_POLL_MS;
        } else {
            try {
                unit.start();
                if (e.failures > 0) {
                    LOG.info("{} started after {} failed attempts", unit.describe(), e.failures);
                }
                return;
            } catch (Exception | LinkageError ex) {
                e.failures++;
                delay = e.backoff.next();
                String reason = ex.getMessage() == null ? ex.getClass().getName() : ex.getMessage();
                e.warn.warn("{} failed to start (attempt {}), retrying in {} ms: {}", unit.describe(), e.failures,
                        delay, reason);
                LOG.debug("{} start failure", unit.describe(), ex);
            }
        }
        synchronized (this) {
            if (!stopped && !unit.isDone()) {
                e.dueNanos = System.nanoTime() + delay * 1_000_000L;
                entries.add(e);
            }
        }
    }
}
