package io.flafka.api;

/**
 * Where events enter the agent. A source is either {@link PollableSource} (the runtime calls
 * {@code process()} in a loop on a thread of its own) or {@link EventDrivenSource} (it owns its I/O
 * threads and calls the {@link ChannelProcessor} from them).
 */
public interface Source {

    /**
     * Starts the source. Called once on the agent's lifecycle thread; the processor stays valid until
     * {@link #stop()} returns. An exception fails the start and the runtime retries with backoff.
     */
    void start(ChannelProcessor processor) throws Exception;

    /**
     * Stops the source. Called from the lifecycle thread, possibly while another thread is inside
     * {@code process()} or an I/O callback: it must unblock them (close sockets, wake up consumers)
     * and return promptly. Events not yet handed to the processor may be lost only where the source
     * documents that it carries no delivery guarantee.
     */
    void stop();
}
