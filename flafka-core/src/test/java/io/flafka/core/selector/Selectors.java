package io.flafka.core.selector;

import io.flafka.api.Channel;
import io.flafka.api.ChannelSelector;
import io.flafka.api.ComponentContext;
import io.flafka.api.ComponentKind;
import io.flafka.api.ComponentProvider;
import io.flafka.api.Event;
import io.flafka.api.Transaction;
import io.flafka.api.config.Config;
import io.flafka.api.metrics.CounterGroup;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Test helpers: selectors made through their providers, and channels that only have a name. */
final class Selectors {
    private Selectors() {
    }

    /** A channel double; selectors never open transactions. */
    static final class NamedChannel implements Channel {
        final String name;

        NamedChannel(String name) {
            this.name = name;
        }

        @Override
        public Transaction begin() {
            throw new UnsupportedOperationException("selectors must not use channels");
        }
    }

    static Map<String, Channel> channels(String... names) {
        Map<String, Channel> out = new LinkedHashMap<>();
        for (String n : names) {
            out.put(n, new NamedChannel(n));
        }
        return out;
    }

    static ComponentContext context(ComponentProvider<?> provider, Map<String, String> raw) {
        return new ComponentContext("a1", "r1", ComponentKind.SELECTOR, Config.parse(provider.configDef(), raw),
                new CounterGroup("SELECTOR", "r1"));
    }

    static ChannelSelector create(ComponentProvider<ChannelSelector> provider, Map<String, String> raw,
                                  String... channels) throws Exception {
        ChannelSelector s = provider.create(context(provider, raw));
        s.initialize(channels(channels));
        return s;
    }

    static Event event(String body, String... headers) {
        Map<String, String> h = new LinkedHashMap<>();
        for (int i = 0; i < headers.length; i += 2) {
            h.put(headers[i], headers[i + 1]);
        }
        return Event.of(body.getBytes(), h);
    }

    static List<String> bodies(List<Event> events) {
        return events.stream().map(Event::bodyAsString).toList();
    }

    static Map<String, List<String>> bodies(Map<String, List<Event>> routed) {
        Map<String, List<String>> out = new LinkedHashMap<>();
        routed.forEach((k, v) -> out.put(k, bodies(v)));
        return out;
    }

    static List<Event> batch(Event... events) {
        return new ArrayList<>(List.of(events));
    }
}
