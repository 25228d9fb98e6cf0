package io.flafka.core.sink;

import io.flafka.api.Channel;
import io.flafka.api.ChannelException;
import io.flafka.api.Event;
import io.flafka.api.EventDeliveryException;
import io.flafka.api.Sink;
import io.flafka.api.Status;
import io.flafka.api.Transaction;
import io.flafka.api.metrics.SinkCounter;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The take-deliver-commit cycle shared by simple sinks: one {@code process()} takes up to a batch in
 * one transaction, hands it to {@link #deliver(List)}, and commits only when delivery returned
 * normally; any failure rolls the transaction back (the events stay in the channel) and is rethrown.
 *
 * <p>Counting (Flume's SinkCounter): {@code batchTaken} per take; {@code EventDrainAttemptCount}
 * before delivery; {@code EventDrainSuccessCount} after commit; {@code ChannelReadFail} once per
 * failed take; {@code EventWriteFail} once per failed delivery (as Flume counts it).
 *
 * <p>Threading: {@code process()} runs on the sink's runner thread; {@code start} and {@code stop} on
 * the lifecycle thread.
 */
public abstract class AbstractBatchSink implements Sink {
    private static final Logger LOG = LoggerFactory.getLogger(AbstractBatchSink.class);

    private final String name;
    private final int batchSize;
    protected final SinkCounter counter;
    // reused by the single runner thread
    private final List<Event> batch;
    private volatile Channel channel;

    protected AbstractBatchSink(String name, int batchSize, SinkCounter counter) {
        this.name = name;
        this.batchSize = batchSize;
        this.counter = counter;
        this.batch = new ArrayList<>(Math.min(batchSize, 10_000));
    }

    /** The sink's name, for log messages. */
    protected final String name() {
        return name;
    }

    protected final int batchSize() {
        return batchSize;
    }

    @Override
    public void start(Channel ch) throws Exception {
        this.channel = ch;
        counter.markStarted();
    }

    @Override
    public void stop() {
        counter.markStopped();
    }

    @Override
    public final Status process() throws Exception {
        Channel ch = channel;
        if (ch == null) {
            throw new IllegalStateException("sink " + name + " is not started");
        }
        batch.clear();
        try (Transaction tx = ch.begin()) {
            try {
                tx.take(batchSize, batch);
            } catch (ChannelException e) {
                counter.increment(SinkCounter.CHANNEL_READ_FAIL);
                throw e;
            }
            int n = batch.size();
            counter.batchTaken(n, batchSize);
            if (n == 0) {
                tx.commit();
                onIdle();
                return Status.BACKOFF;
            }
            counter.add(SinkCounter.DRAIN_ATTEMPT, n);
            try {
                deliver(batch);
            } catch (Exception e) {
                counter.increment(SinkCounter.EVENT_WRITE_FAIL);
                LOG.warn("Sink {} failed to deliver a batch of {} events; rolling back so they stay in the channel: {}",
                        name, n, e.toString());
                tx.rollback();
                throw e instanceof EventDeliveryException ede ? ede
                        : new EventDeliveryException("sink " + name + " failed to deliver " + n + " events", e);
            }
            tx.commit();
            counter.add(SinkCounter.DRAIN_SUCCESS, n);
            return Status.READY;
        } finally {
            batch.clear();
        }
    }

    /**
     * Delivers a non-empty batch (write, send, flush). Returning normally means the batch is safe and
     * the take may commit. The list is reused after this returns.
     */
    protected abstract void deliver(List<Event> events) throws Exception;

    /** Called after an empty take, on the runner thread (e.g. to roll an idle file). */
    protected void onIdle() throws Exception {
    }
}
