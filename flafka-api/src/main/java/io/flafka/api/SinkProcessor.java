package io.flafka.api;

import java.util.List;
import java.util.Map;

/**
 * Drives the sinks of a sink group (Flume's {@code sinkgroups}): one runner thread calls
 * {@link #process()} in a loop, and the processor decides which sink's {@code process()} to call
 * (default: the only sink; failover: the best healthy one; load_balance: the next in rotation).
 * The runtime starts and stops the sinks themselves.
 */
public interface SinkProcessor extends Lifecycle {

    /** Gives the processor its sinks, by name, in the configured order. Called once before use. */
    void initialize(Map<String, Sink> sinks);

    /**
     * Processes one batch through some sink. Called only from the group's runner thread.
     *
     * @throws Exception when no sink could deliver; the runner backs off and retries
     */
    Status process() throws Exception;

    /** Convenience for processors that need the sinks as a list. */
    static <T> List<T> valuesOf(Map<String, T> map) {
        return List.copyOf(map.values());
    }
}
