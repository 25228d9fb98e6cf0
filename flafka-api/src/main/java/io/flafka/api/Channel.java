package io.flafka.api;

/**
 * A buffer between sources and sinks with transactional put and take.
 *
 * <p>Threading: {@link #begin()} is called concurrently by every source and sink attached to the
 * channel; implementations must be thread-safe. {@link #start()} and {@link #stop()} are called by
 * the agent's lifecycle thread, {@code start()} before any source or sink uses the channel and
 * {@code stop()} after all of them have stopped.
 */
public interface Channel extends Lifecycle {

    /** Opens a new transaction. */
    Transaction begin();

    /** Events currently held and committed, or -1 if the channel cannot tell cheaply. */
    default long size() {
        return -1;
    }

    /** The most events the channel can hold, or -1 if unbounded or unknown. */
    default long capacity() {
        return -1;
    }

    /**
     * Whether one thread may hold several open take transactions of this channel at once, completing
     * them in order (a sink that keeps several batches in flight does). True by default: transactions
     * are independent objects. A channel whose take binds a per-taker resource (the Kafka channel lends
     * a group consumer per open take, so a second one would join the group) returns false, and such a
     * sink then keeps one take open at a time.
     */
    default boolean supportsOverlappingTakes() {
        return true;
    }

    /**
     * Registers {@code listener} to run each time a put transaction has made events visible to takers, so
     * that the runner of an idle sink takes them at once instead of sleeping out its backoff (a sink
     * backs off up to 100 ms when it finds the channel empty). Runs on the committing thread, after the
     * commit: it must be quick and must not block or throw. A channel that cannot tell when events arrive
     * ignores it (the default), and its sinks wake on their backoff schedule. Called by the agent's
     * lifecycle thread when a sink starts.
     */
    default void addPutListener(Runnable listener) {
    }

    /** Removes a listener {@link #addPutListener} registered; called when the sink stops. */
    default void removePutListener(Runnable listener) {
    }
}
