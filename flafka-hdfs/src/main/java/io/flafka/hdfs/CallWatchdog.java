package io.flafka.hdfs;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * Bounds calls that run on their caller's thread: a daemon thread wakes every {@code tick} and
 * interrupts a watched thread whose deadline has passed (HDFS client waits answer an interrupt with an
 * {@link java.io.InterruptedIOException}). It polls rather than scheduling a wake-up per call because a
 * wake-up per call is what inline calls are there to avoid. Thread-safe.
 */
final class CallWatchdog {
    /** One watched call. The caller finishes it with {@link #end()}, always. */
    final class Watch {
        private final Thread thread = Thread.currentThread();
        private final long deadlineNanos;
        private boolean done;
        private boolean timedOut;
        private boolean cancelled;

        private Watch(long deadlineNanos) {
            this.deadlineNanos = deadlineNanos;
        }

        private synchronized void expireIfDue(long now) {
            if (!done && !timedOut && now - deadlineNanos >= 0) {
                timedOut = true;
                thread.interrupt();
            }
        }

        private synchronized void cancel() {
            if (!done && !cancelled) {
                cancelled = true;
                thread.interrupt();
            }
        }

        /**
         * Ends the watch on the caller's thread. An interrupt this watch sent is cleared here, so it
         * never reaches the caller's next blocking call (a Kafka consumer would throw on it).
         */
        void end() {
            boolean interrupted;
            synchronized (this) {
                done = true;
                interrupted = timedOut || cancelled;
            }
            watched.remove(this);
            if (interrupted) {
                Thread.interrupted();
            }
        }

        synchronized boolean timedOut() {
            return timedOut;
        }

        synchronized boolean cancelled() {
            return cancelled;
        }
    }

    private final Set<Watch> watched = ConcurrentHashMap.newKeySet();
    private final String threadName;
    private final long tickMillis;
    private volatile boolean closed;
    private Thread thread;

    CallWatchdog(String threadName, long tickMillis) {
        this.threadName = threadName;
        this.tickMillis = Math.max(1, tickMillis);
    }

    /** Starts watching the calling thread until {@code timeoutMillis} from now. */
    Watch begin(long timeoutMillis) {
        ensureStarted();
        Watch w = new Watch(System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMillis));
        watched.add(w);
        if (closed) {
            // closed between the caller's check and now: the call must not start unwatched
            w.cancel();
        }
        return w;
    }

    /** Interrupts every watched call (they end as cancelled) and stops the watchdog thread. */
    void close() {
        closed = true;
        for (Watch w : watched) {
            w.cancel();
        }
        Thread t;
        synchronized (this) {
            t = thread;
        }
        if (t != null) {
            t.interrupt();
        }
    }

    private synchronized void ensureStarted() {
        if (thread == null && !closed) {
            thread = new Thread(this::run, threadName);
            thread.setDaemon(true);
            thread.start();
        }
    }

    private void run() {
        while (!closed) {
            try {
                Thread.sleep(tickMillis);
            } catch (InterruptedException e) {
                return;
            }
            long now = System.nanoTime();
            for (Watch w : watched) {
                w.expireIfDue(now);
            }
        }
    }
}
