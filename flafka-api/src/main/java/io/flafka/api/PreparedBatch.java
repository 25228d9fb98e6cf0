package io.flafka.api;

/**
 * A batch a {@link ChannelProcessor} has prepared but not yet committed: the interceptors ran and every
 * required channel holds the batch in an open put transaction. Exactly one of {@link #commit()} or
 * {@link #abort()} must be called, once, by one thread at a time; it need not be the thread that
 * prepared the batch. The Kafka source prepares a batch (interceptors, a file channel's encoding) while
 * the batch before it still commits, and commits it once that one has its place in the channels.
 */
public interface PreparedBatch {

    /**
     * Commits the prepared transactions, with {@link ChannelProcessor#processBatch}'s contract: when it
     * returns normally every event is committed in every required channel.
     *
     * @throws ChannelFullException when a required channel had no room; nothing should be acknowledged
     * @throws ChannelException when a required channel failed; nothing should be acknowledged
     */
    void commit();

    /**
     * Commits like {@link #commit()}, and runs {@code onOrdered} once the batch's place is fixed in every
     * required channel (see {@link Transaction#commit(Runnable)}): a batch committed after that comes after
     * this one. The default runs it after {@code commit()}.
     */
    default void commit(Runnable onOrdered) {
        commit();
        onOrdered.run();
    }

    /** Rolls back every prepared transaction; the source keeps its events and may process them again. */
    void abort();
}
