package io.flafka.api;

import java.util.List;

/**
 * An explicit channel transaction, obtained from {@link Channel#begin()}.
 *
 * <pre>{@code
 * try (Transaction tx = channel.begin()) {
 *     tx.put(batch);
 *     tx.commit();
 * }   // close() without commit() rolls back
 * }</pre>
 *
 * <p>A transaction is either a put or a take transaction, decided by its first operation; mixing
 * both is an error. It is not bound to a thread, but it must be used by one thread at a time.
 * The number of events in one transaction is bounded by the channel's transaction capacity;
 * exceeding it throws {@link ChannelException}.
 */
public interface Transaction extends AutoCloseable {

    /** Stages one event; it becomes visible to takers only at {@link #commit()}. */
    void put(Event event);

    /**
     * Stages every event of the list, in order. The channel keeps references to the events, not to
     * the list, so the caller may reuse the list after this returns.
     */
    default void put(List<Event> events) {
        for (int i = 0, n = events.size(); i < n; i++) {
            put(events.get(i));
        }
    }

    /** Takes one event, or returns null at once when the channel has none available now. */
    Event take();

    /**
     * Takes up to {@code max} events, in order, into {@code into}; returns how many were added.
     * Returns 0 at once when the channel is empty.
     */
    default int take(int max, List<Event> into) {
        int n = 0;
        while (n < max) {
            Event e = take();
            if (e == null) {
                break;
            }
            into.add(e);
            n++;
        }
        return n;
    }

    /**
     * Makes the transaction's effect durable to the channel's promise: puts become visible, takes are
     * removed for good. May block (a full channel waits up to its keep-alive, a durable channel
     * waits for its disk or broker).
     *
     * @throws ChannelFullException when a put cannot find room in time; the transaction is rolled back
     * @throws ChannelException on any other failure; the transaction is rolled back
     */
    void commit();

    /**
     * Commits like {@link #commit()}, and runs {@code onOrdered} on the calling thread as soon as the
     * commit's place in the channel is fixed: a put transaction committed after {@code onOrdered} ran, by
     * any thread, comes after this one. A durable channel runs it before waiting for its disk, so a caller
     * that keeps two batches in flight may start committing the next one meanwhile. It runs at most once,
     * and not when the commit fails before it was ordered. The default runs it after {@code commit()}.
     */
    default void commit(Runnable onOrdered) {
        commit();
        onOrdered.run();
    }

    /** Undoes the transaction: staged puts are dropped, taken events return to the channel. */
    void rollback();

    /** Rolls back unless committed or rolled back already. Never throws for a completed transaction. */
    @Override
    void close();
}
