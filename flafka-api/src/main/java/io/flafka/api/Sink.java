package io.flafka.api;

/**
 * Where events leave the agent. One named thread per sink (or per sink group) calls
 * {@link #process()} in a loop; each call takes a batch from the channel in one transaction,
 * delivers it, and commits only once the batch is safely delivered.
 */
public interface Sink {

    /**
     * Opens connections and remembers the channel. Called once on the lifecycle thread before the
     * first {@code process()}. An exception fails the start and the runtime retries with backoff.
     */
    void start(Channel channel) throws Exception;

    /**
     * Takes and delivers one batch. Called only from the sink's runner thread.
     *
     * @return {@link Status#BACKOFF} when the channel was empty
     * @throws Exception when delivery failed; the transaction must have been rolled back so the
     *     events stay in the channel. The runner (or the sink processor) backs off and retries.
     */
    Status process() throws Exception;

    /**
     * Closes connections. Called from the lifecycle thread after the runner thread has been asked to
     * stop; it must unblock a {@code process()} that waits on I/O and must not commit a partial batch.
     */
    void stop();
}
