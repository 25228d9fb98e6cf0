package io.flafka.core.selector;

import io.flafka.api.ComponentContext;
import io.flafka.api.Event;
import io.flafka.api.config.ConfigException;
import io.flafka.core.interceptor.ConfigPaths;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Helpers shared by the selectors. */
final class Routes {
    private Routes() {
    }

    /** Throws a {@link ConfigException} at {@code key} if a listed channel is not one of the source's. */
    static void checkKnown(ComponentContext context, String key, Collection<String> names, Set<String> known) {
        for (String n : names) {
            if (!known.contains(n)) {
                throw new ConfigException(ConfigPaths.of(context, key),
                        "channel '" + n + "' is not one of the source's channels " + known);
            }
        }
    }

    /** Each channel name mapped to the same list. */
    static Map<String, List<Event>> sameList(String[] channels, List<Event> events) {
        if (channels.length == 0) {
            return Map.of();
        }
        if (channels.length == 1) {
            return Map.of(channels[0], events);
        }
        Map<String, List<Event>> out = new LinkedHashMap<>(channels.length * 2);
        for (String c : channels) {
            out.put(c, events);
        }
        return out;
    }
}
