package io.flafka.hdfs;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Runs blocking HDFS calls (open, flush, close, rename), each bounded by {@code hdfs.callTimeout}, so a
 * hung datanode or namenode fails the batch instead of hanging the sink, and so {@link #shutdownNow()}
 * (from {@code stop()}) interrupts a waiting call.
 *
 * <p>A single call runs on the caller's thread under a {@link CallWatchdog} that interrupts it at the
 * timeout: handing it to a pool thread and waiting costs two thread wake-ups, which on a busy 2-core
 * machine took about 160 us per batch, more than writing and flushing the batch (see bench/README.md).
 * Several calls at once ({@link #callAll}, one per file a batch touched) run in parallel on
 * {@code hdfs.threadsPoolSize} threads. Thread-safe.
 */
final class HdfsCalls {
    /** A call that may throw an IOException. */
    @FunctionalInterface
    interface IoCall<T> {
        T call() throws IOException;
    }

    private final ExecutorService pool;
    private final CallWatchdog watchdog;
    private final long timeoutMs;
    private volatile boolean closed;

    HdfsCalls(String sinkName, int threads, long timeoutMs) {
        AtomicInteger n = new AtomicInteger();
        this.pool = Executors.newFixedThreadPool(threads, r -> {
            Thread t = new Thread(r, "hdfs-" + sinkName + "-call-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        this.timeoutMs = timeoutMs;
        // the timeout is enforced to within a quarter of itself (at most half a second late)
        this.watchdog = new CallWatchdog("hdfs-" + sinkName + "-watchdog", Math.min(500, Math.max(10, timeoutMs / 4)));
    }

    /**
     * Runs one call on this thread; past the call timeout it is interrupted and fails. A call that
     * ignores interrupts holds this thread until it returns (HDFS client waits do not ignore them).
     */
    <T> T call(String what, IoCall<T> call) throws IOException {
        if (closed) {
            throw new IOException("the HDFS sink is stopping");
        }
        CallWatchdog.Watch watch = watchdog.begin(timeoutMs);
        try {
            return call.call();
        } catch (IOException | RuntimeException e) {
            if (watch.cancelled()) {
                throw new IOException(what + " cancelled: the sink is stopping", e);
            }
            if (watch.timedOut()) {
                throw new IOException(what + " timed out after " + timeoutMs + " ms (hdfs.callTimeout)", e);
            }
            throw e;
        } finally {
            watch.end();
        }
    }

    /** Runs the calls in parallel and waits for all, each within the call timeout; the first failure is thrown. */
    void callAll(String what, List<IoCall<Void>> calls) throws IOException {
        if (calls.size() == 1) {
            call(what, calls.get(0));
            return;
        }
        List<Future<Void>> futures = new ArrayList<>(calls.size());
        for (IoCall<Void> c : calls) {
            futures.add(submit(c));
        }
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMs);
        IOException first = null;
        for (Future<Void> f : futures) {
            try {
                await(what, f, deadline);
            } catch (IOException e) {
                if (first == null) {
                    first = e;
                } else {
                    first.addSuppressed(e);
                }
            }
        }
        if (first != null) {
            throw first;
        }
    }

    private <T> Future<T> submit(IoCall<T> call) throws IOException {
        try {
            Callable<T> c = call::call;
            return pool.submit(c);
        } catch (java.util.concurrent.RejectedExecutionException e) {
            throw new IOException("the HDFS sink is stopping", e);
        }
    }

    private <T> T await(String what, Future<T> f, long deadlineNanos) throws IOException {
        try {
            return f.get(Math.max(0, deadlineNanos - System.nanoTime()), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            f.cancel(true);
            throw new IOException(what + " timed out after " + timeoutMs + " ms (hdfs.callTimeout)");
        } catch (InterruptedException e) {
            f.cancel(true);
            Thread.currentThread().interrupt();
            throw new InterruptedIOException(what + " interrupted");
        } catch (java.util.concurrent.CancellationException e) {
            throw new IOException(what + " cancelled: the sink is stopping");
        } catch (ExecutionException e) {
            Throwable c = e.getCause();
            if (c instanceof IOException io) {
                throw io;
            }
            if (c instanceof RuntimeException re) {
                throw re;
            }
            if (c instanceof Error err) {
                throw err;
            }
            throw new IOException(what + " failed: " + c, c);
        }
    }

    /** Interrupts running calls and refuses new ones. */
    void shutdownNow() {
        closed = true;
        watchdog.close();
        pool.shutdownNow();
    }
}
