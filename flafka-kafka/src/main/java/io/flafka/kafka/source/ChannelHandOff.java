package io.flafka.kafka.source;

import io.flafka.api.ChannelProcessor;
import io.flafka.api.Event;
import io.flafka.api.PreparedBatch;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The Kafka source's second thread ({@code source-<name>-channel}): it writes one batch into the
 * channels while the runner thread polls and converts the next, so a slow channel commit (a file
 * channel's fsync) and the next poll overlap instead of adding up. At most one batch is in flight:
 * the runner thread {@linkplain #await waits} for it before handing over the next one, which keeps
 * batches in order and offsets behind the channels.
 */
final class ChannelHandOff {
    private final ChannelProcessor processor;
    private final ExecutorService thread;
    private volatile Thread worker;
    private volatile Future<?> current;

    ChannelHandOff(String sourceName, ChannelProcessor processor) {
        this.processor = processor;
        this.thread = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "source-" + sourceName + "-channel");
            t.setDaemon(true);
            worker = t;
            return t;
        });
    }

    /** Starts committing a batch the runner thread prepared. */
    Future<?> submit(PreparedBatch prepared) {
        Future<?> f = thread.submit(prepared::commit);
        current = f;
        return f;
    }

    /** Starts writing these events into the channels (the processor runs the interceptors and commits). */
    Future<?> submit(List<Event> events) {
        Future<?> f = thread.submit(() -> processor.processBatch(events));
        current = f;
        return f;
    }

    /**
     * Called by {@code stop()} on the lifecycle thread: waits up to {@code grace} for the batch in flight,
     * then interrupts its channel write, which makes the channel refuse it (its offsets stay uncommitted,
     * so it is read again later). Unblocks a source whose channel stays full.
     */
    void finishOrInterrupt(Duration grace) {
        Future<?> f = current;
        if (f == null || f.isDone()) {
            return;
        }
        try {
            f.get(grace.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            Thread w = worker;
            if (w != null) {
                w.interrupt();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | CancellationException e) {
            // settled: the runner thread sees the outcome
        }
    }

    /**
     * Waits until the batch is in the channels or refused; returns null when committed, else why not.
     * An interrupt does not cut the wait short (the batch's fate decides which offsets are safe); it is
     * kept for the caller.
     */
    static Throwable await(Future<?> batch) {
        boolean interrupted = false;
        try {
            while (true) {
                try {
                    batch.get();
                    return null;
                } catch (ExecutionException e) {
                    return e.getCause();
                } catch (CancellationException e) {
                    return e;
                } catch (InterruptedException e) {
                    interrupted = true;
                }
            }
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** Ends the thread once it is idle (callers await their batch first). */
    void close() {
        thread.shutdown();
        try {
            thread.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
