package io.flafka.api;

import java.util.List;
import java.util.Map;

/**
 * Decides which of a source's channels receive each event. Called by the source's
 * {@link ChannelProcessor}, on the source's threads; must be thread-safe.
 */
public interface ChannelSelector extends Lifecycle {

    /**
     * Gives the selector the source's channels, by name, in the order configured. Called once before
     * {@link #route(List)}.
     */
    void initialize(Map<String, Channel> channels);

    /**
     * Splits a batch over the channels. Lists in the result keep the batch's order and may be shared
     * between channels (channels never modify the lists they are given).
     */
    Routing route(List<Event> events);

    /**
     * The outcome of routing one batch: a failed put to a required channel fails the batch; a failed
     * put to an optional channel is counted and logged only.
     *
     * @param required channel name to the events it must receive
     * @param optional channel name to the events it should receive, best effort
     */
    record Routing(Map<String, List<Event>> required, Map<String, List<Event>> optional) {
    }
}
