package io.flafka.kafka.source;

import io.flafka.api.ChannelException;
import io.flafka.api.ChannelProcessor;
import io.flafka.api.Event;
import io.flafka.api.PreparedBatch;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The Kafka source's hand-off threads ({@code source-<name>-channel}, {@code -channel-2}): they write
 * batches into the channels while the runner thread polls and converts the next, so a slow channel
 * commit (a file channel's fsync) and the next poll overlap instead of adding up.
 *
 * <p>Up to {@value #MAX_IN_FLIGHT} batches are in flight, in order: each is prepared (interceptors, a
 * file channel's encoding) as soon as it arrives, but starts committing only once the one before it has
 * its place in every channel ({@link PreparedBatch#commit(Runnable)}). So while a file channel waits
 * for the disk on one batch, the next ones are appended and share the next fsync. A batch whose
 * predecessor was refused before it was placed is not written at all (it fails with a
 * {@link ChannelException}); the source retries both, in order.
 */
final class ChannelHandOff {
    /**
     * Batches in flight at most: one waiting for its channel's disk, the next ones appended meanwhile,
     * so that one fsync covers them (with two, each fsync covered one batch; with four, 1,540-1,740 events of
     * 1,000-event batches; with eight, 1,920-2,130, and the source stalls less often for the disk).
     */
    static final int MAX_IN_FLIGHT = 8;

    private final ChannelProcessor processor;
    private final ExecutorService threads;
    private final Set<Thread> workers = ConcurrentHashMap.newKeySet();
    private final Set<Future<?>> inFlight = ConcurrentHashMap.newKeySet();
    /** Completes when the last submitted batch has its place in the channels (runner thread only). */
    private CompletableFuture<Void> lastPlaced = CompletableFuture.completedFuture(null);

    ChannelHandOff(String sourceName, ChannelProcessor processor) {
        this.processor = processor;
        AtomicInteger n = new AtomicInteger();
        this.threads = Executors.newFixedThreadPool(MAX_IN_FLIGHT, r -> {
            int i = n.incrementAndGet();
            Thread t = new Thread(r, "source-" + sourceName + "-channel" + (i == 1 ? "" : "-" + i));
            t.setDaemon(true);
            workers.add(t);
            return t;
        });
    }

    /**
     * Starts writing these events into the channels. A hand-off thread runs the interceptors and stages
     * the batch in each channel at once ({@link ChannelProcessor#prepareBatch}; a file channel encodes it),
     * while the batch before it may still be committing, then commits it once that one has its place.
     * Called by the runner thread only, with fewer than {@value #MAX_IN_FLIGHT} batches in flight.
     */
    Submitted submit(List<Event> events) {
        CompletableFuture<Void> after = lastPlaced;
        CompletableFuture<Void> placed = new CompletableFuture<>();
        CompletableFuture<Void> done = new CompletableFuture<>();
        inFlight.add(done);
        done.whenComplete((v, t) -> inFlight.remove(done));
        try {
            threads.execute(() -> {
                try {
                    PreparedBatch batch = processor.prepareBatch(events);
                    awaitPredecessor(after, batch);
                    batch.commit(() -> placed.complete(null));
                    placed.complete(null);
                    done.complete(null);
                } catch (Throwable t) {
                    placed.completeExceptionally(t);   // no-op when the batch was placed before it failed
                    done.completeExceptionally(t);
                }
            });
        } catch (RuntimeException e) {
            done.completeExceptionally(e);   // not queued (closed): the next batch must not wait for this one
            throw e;
        }
        lastPlaced = placed;
        return new Submitted(placed, done);
    }

    /**
     * A batch handed over: {@code placed} completes once it has its place in every channel, {@code done}
     * once it is committed (or refused). A batch placed but not done waits for its channel's disk.
     */
    record Submitted(Future<?> placed, Future<?> done) {
        /** True while the batch has its place and only waits for its channel to make it durable. */
        boolean waitingForDurability() {
            return placed.isDone() && !done.isDone();
        }
    }

    /**
     * Called by the runner thread once every batch in flight has settled, before it writes a refused
     * batch again: the refusal no longer holds the next batches back.
     */
    void settled() {
        lastPlaced = CompletableFuture.completedFuture(null);
    }

    /** Waits until the previous batch has its place; refuses this one when the previous was refused first. */
    private static void awaitPredecessor(CompletableFuture<Void> after, PreparedBatch batch) {
        try {
            after.join();   // uninterruptible: the predecessor always settles, and its fate decides ours
        } catch (CompletionException | CancellationException e) {
            batch.abort();
            throw new ChannelException("batch not written: the batch before it was refused ("
                    + (e.getCause() != null ? e.getCause() : e) + ")", e);
        }
    }

    /**
     * Called by {@code stop()} on the lifecycle thread: waits up to {@code grace} for the batches in
     * flight, then interrupts their channel writes, which makes the channels refuse them (their offsets
     * stay uncommitted, so they are read again later). Unblocks a source whose channel stays full.
     */
    void finishOrInterrupt(Duration grace) {
        long deadline = System.nanoTime() + grace.toNanos();
        for (Future<?> f : inFlight) {
            try {
                f.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            } catch (TimeoutException e) {
                workers.forEach(Thread::interrupt);
                return;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (ExecutionException | CancellationException e) {
                // settled: the runner thread sees the outcome
            }
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

    /** Ends the threads once idle (callers await their batches first). */
    void close() {
        threads.shutdown();
        try {
            threads.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
