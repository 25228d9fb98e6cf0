package io.flafka.kafka.sink;

import io.flafka.api.EventDeliveryException;
import io.flafka.api.Transaction;
import io.flafka.api.metrics.SinkCounter;
import java.util.ArrayDeque;
import java.util.Iterator;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Kafka sink's batches in flight, oldest first. Their channel transactions commit strictly in
 * order, each once every record of it is acknowledged; the first failure (a record not acknowledged, a
 * commit refused) rolls back that transaction and every later one, newest first, so a queue-like
 * channel gets the events back in their original order. Later batches may have been written already:
 * they are sent again (at-least-once).
 *
 * <p>Used by the sink's runner thread, or at stop by the lifecycle thread, never both at once (the
 * sink's lock); the producer's I/O thread only completes {@link InFlightBatch}es.
 */
final class BatchPipeline {
    private static final Logger LOG = LoggerFactory.getLogger(BatchPipeline.class);

    private final String sinkName;
    private final SinkCounter counters;
    private final ArrayDeque<InFlightBatch> batches = new ArrayDeque<>();

    BatchPipeline(String sinkName, SinkCounter counters) {
        this.sinkName = sinkName;
        this.counters = counters;
    }

    void add(InFlightBatch batch) {
        batches.addLast(batch);
    }

    int size() {
        return batches.size();
    }

    boolean isEmpty() {
        return batches.isEmpty();
    }

    /** Commits, in order, every leading batch that is complete; stops at the first one still waiting. */
    void commitCompleted() throws EventDeliveryException {
        while (!batches.isEmpty() && batches.peekFirst().isDone()) {
            settleOldest();
        }
    }

    /**
     * Waits up to {@code timeout} for the oldest batch; once it is complete, commits every leading batch
     * that is complete and returns true. False when the time ran out first.
     */
    boolean awaitOldest(long timeout, TimeUnit unit) throws EventDeliveryException {
        long start = System.nanoTime();
        boolean done;
        try {
            done = batches.peekFirst().await(timeout, unit);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            EventDeliveryException ex = new EventDeliveryException("Kafka sink " + sinkName
                    + " interrupted while waiting for acknowledgements; " + batches.size()
                    + " batch(es) rolled back");
            rollbackAll(ex);
            throw ex;
        } finally {
            counters.add(KafkaSink.SEND_TIMER, TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start));
        }
        if (done) {
            commitCompleted();
        }
        return done;
    }

    /** Waits for every batch and commits them in order; throws at the first failure (the rest rolled back). */
    void awaitAll() throws EventDeliveryException {
        while (!batches.isEmpty()) {
            awaitOldest(Long.MAX_VALUE, TimeUnit.NANOSECONDS);
        }
    }

    /**
     * At stop: commits, in order, the batches completed successfully within {@code timeoutMillis}; rolls
     * back the first one that failed or is still incomplete and every later one. Never throws.
     */
    void finish(long timeoutMillis) {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
        while (!batches.isEmpty()) {
            boolean done;
            try {
                done = batches.peekFirst().await(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                done = false;
            }
            if (!done) {
                rollbackAll(new EventDeliveryException("Kafka sink " + sinkName + " stopped with "
                        + batches.size() + " batch(es) not acknowledged"));
                return;
            }
            try {
                settleOldest();
            } catch (EventDeliveryException e) {
                return;   // logged, counted and rolled back with every later batch
            }
        }
    }

    /** Rolls back every batch, newest first. */
    void rollbackAll(Exception cause) {
        if (batches.isEmpty()) {
            return;
        }
        LOG.warn("Sink {}: {} batch(es) rolled back to the channel: {}", sinkName, batches.size(), cause.getMessage());
        for (Iterator<InFlightBatch> it = batches.descendingIterator(); it.hasNext(); ) {
            rollback(it.next().tx);
        }
        batches.clear();
    }

    private void settleOldest() throws EventDeliveryException {
        InFlightBatch b = batches.peekFirst();
        EventDeliveryException failure = null;
        if (b.failed() > 0) {
            counters.add(SinkCounter.EVENT_WRITE_FAIL, b.size);
            failure = new EventDeliveryException("Kafka sink " + sinkName + ": " + b.failed() + " of " + b.size
                    + " records were not acknowledged (" + b.error() + "); the batch is rolled back", b.error());
        } else {
            try {
                b.tx.commit();
            } catch (RuntimeException e) {
                // the channel rolled the transaction back; its records are in Kafka and will be sent again
                failure = new EventDeliveryException("Kafka sink " + sinkName + ": the channel refused to commit "
                        + "a delivered batch of " + b.size + " (" + e + "); it will be sent again", e);
            }
        }
        if (failure != null) {
            rollbackAll(failure);
            throw failure;
        }
        batches.pollFirst();
        b.tx.close();
        counters.add(SinkCounter.DRAIN_SUCCESS, b.size);
    }

    /** Rolls one transaction back (a completed one is left alone), counting it. */
    void rollback(Transaction tx) {
        counters.increment(KafkaSink.ROLLBACK_COUNT);
        try {
            tx.close();
        } catch (RuntimeException e) {
            LOG.warn("Sink {}: rollback failed too: {}", sinkName, e.toString());
        }
    }
}
