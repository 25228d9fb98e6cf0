package io.flafka.core.runtime;

import io.flafka.api.Channel;
import io.flafka.api.ChannelSelector;
import io.flafka.api.Event;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The fallback when a source spec carries no selector: every event to every channel, all required
 * (Flume's replicating default without optional channels). Thread-safe once initialized.
 */
final class AllRequiredSelector implements ChannelSelector {
    private List<String> names = List.of();

    @Override
    public void initialize(Map<String, Channel> channels) {
        names = List.copyOf(channels.keySet());
    }

    @Override
    public Routing route(List<Event> events) {
        Map<String, List<Event>> required = new LinkedHashMap<>();
        for (String n : names) {
            required.put(n, events);
        }
        return new Routing(required, Map.of());
    }
}
