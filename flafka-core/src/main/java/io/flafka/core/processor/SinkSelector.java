package io.flafka.core.processor;

import java.util.List;
import java.util.Map;

/**
 * A custom order for the sinks of a {@code load_balance} group, named by its class in
 * {@code processor.selector} (Flume's {@code AbstractSinkSelector} extension point, with Flafka types).
 * The class needs a public no-argument constructor and is loaded from the agent's class path or
 * {@code plugins.d}.
 *
 * <p>Threading: every method is called from the group's runner thread only (after {@link #configure}
 * on the lifecycle thread), so an implementation needs no locking. Nothing to stop.
 */
public interface SinkSelector {
    /**
     * Called once, before any other method.
     *
     * @param sinkNames the group's sinks; a sink's index in this list is how it is named below
     * @param properties the group's {@code processor.selector.*} keys without that prefix (for example
     *                   {@code maxTimeOut})
     * @throws IllegalArgumentException when a property is wrong; the agent reports it as a configuration error
     */
    void configure(List<String> sinkNames, Map<String, String> properties);

    /**
     * The sinks to try for one {@code process()} call, best first: indexes into the configured names. The
     * processor calls them in this order until one succeeds. Leaving a sink out skips it for this call;
     * an empty array fails the call.
     */
    int[] order(long nowMillis);

    /** The sink at {@code index} threw during this call (the next one in the order is tried). */
    default void failed(int index, long nowMillis) {
    }

    /** The sink at {@code index} processed successfully. */
    default void succeeded(int index) {
    }
}
