package io.flafka.api;

/**
 * A source the runtime drives: one named thread ({@code source-<name>}) calls {@link #process()} in a
 * loop, backing off after {@link Status#BACKOFF} and after exceptions. Retry and backoff live in the
 * runner, not in the source.
 */
public interface PollableSource extends Source {

    /**
     * Reads what is available, hands it to the processor and returns. Called only from the source's
     * runner thread. Return {@link Status#BACKOFF} when nothing was available.
     *
     * @throws Exception when the batch could not be delivered; the runner logs it, counts it, backs off
     *     and calls again (the source must be able to retry the same data)
     */
    Status process() throws Exception;

    /** The first backoff sleep after an empty poll, in milliseconds; doubled up to the maximum. */
    default long backoffSleepIncrementMillis() {
        return 1;
    }

    /** The longest backoff sleep after consecutive empty polls, in milliseconds. */
    default long maxBackoffSleepMillis() {
        return 100;
    }
}
