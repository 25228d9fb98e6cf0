package io.flafka.api;

import java.util.List;

/**
 * How a source hands events to its channels: runs the interceptor chain, routes each event with the
 * channel selector, and commits one put transaction per required channel.
 *
 * <p>When a call returns normally, every event of the batch (that no interceptor dropped) is committed
 * in every required channel; a source may then acknowledge its upstream (commit Kafka offsets, save a
 * file position, answer an RPC). Thread-safe: event-driven sources call it from many threads.
 */
public interface ChannelProcessor {

    /**
     * Delivers a batch. The processor may modify the list and the events (interceptors run in place);
     * the caller must not use the list afterwards except to retry with the same events.
     *
     * @throws ChannelFullException when a required channel had no room; nothing should be acknowledged
     * @throws ChannelException when a required channel failed; nothing should be acknowledged
     */
    void processBatch(List<Event> events);

    /**
     * Prepares a batch on the calling thread and returns it uncommitted: the interceptors run and each
     * required channel stages the events in a put transaction (a durable channel encodes them), but
     * nothing is visible or acknowledged until {@link PreparedBatch#commit()}, which may run on another
     * thread. The default defers everything to that commit.
     *
     * @throws ChannelException when an interceptor or a channel failed; nothing was staged
     */
    default PreparedBatch prepareBatch(List<Event> events) {
        return new PreparedBatch() {
            @Override
            public void commit() {
                processBatch(events);
            }

            @Override
            public void abort() {
            }
        };
    }

    /** Delivers one event; same contract as {@link #processBatch(List)}. */
    void process(Event event);
}
