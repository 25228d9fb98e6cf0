package io.flafka.core.selector;

import io.flafka.api.Channel;
import io.flafka.api.ChannelSelector;
import io.flafka.api.ComponentContext;
import io.flafka.api.ComponentKind;
import io.flafka.api.ComponentProvider;
import io.flafka.api.Event;
import io.flafka.api.config.Config;
import io.flafka.api.config.ConfigDef;
import io.flafka.api.config.ConfigException;
import io.flafka.api.config.ConfigKey;
import io.flafka.api.config.Validators;
import io.flafka.core.interceptor.ConfigPaths;
import io.flafka.core.util.RateLimitedLog;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.LongAdder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Routes each event by the value of one header, as Flume's {@code multiplexing} selector does:
 * <ul>
 *   <li>{@code mapping.<value>} lists the required channels of events whose header is {@code value};</li>
 *   <li>events with no mapping (or no header) go to the {@code default} channels;</li>
 *   <li>{@code optional.<value>} adds best-effort channels; a channel that is both required and
 *       optional for a value is required;</li>
 *   <li>with neither a mapping nor a default, events go to their optional channels only.</li>
 * </ul>
 * Header values match exactly (case-sensitive). Routes are computed once per value in
 * {@link #initialize(Map)}; when every event of a batch takes the same route the batch list itself is
 * shared, else each channel gets its own list in batch order. An event with no channel at all is counted
 * in {@value #UNROUTED} and logged (rate-limited WARN). Called on the source's threads; immutable after
 * {@code initialize}, so thread-safe. Nothing to stop.
 */
public final class MultiplexingChannelSelector implements ChannelSelector {
    private static final Logger LOG = LoggerFactory.getLogger(MultiplexingChannelSelector.class);

    /** Counter of events that matched no channel at all. */
    public static final String UNROUTED = "EventUnroutedCount";

    static final String MAPPING_PREFIX = "mapping.";
    static final String OPTIONAL_PREFIX = "optional.";

    static final ConfigKey<String> HEADER = ConfigKey.stringKey("header").defaultValue("flume.selector.header")
            .validator(Validators.nonBlank()).doc("Header whose value selects the channels.").build();
    static final ConfigKey<List<String>> DEFAULT = ConfigKey.listKey("default")
            .doc("Required channels of events whose header value has no mapping.").build();
    static final ConfigDef DEF = ConfigDef.builder().keys(HEADER, DEFAULT)
            .prefix(MAPPING_PREFIX, "mapping.<value> = channels that must receive events whose header is <value>.")
            .prefix(OPTIONAL_PREFIX, "optional.<value> = channels that receive such events best effort.")
            .build();

    private final ComponentContext context;
    private final String header;
    private final LongAdder unrouted;
    private final RateLimitedLog warn = new RateLimitedLog(LOG);
    private String[] channelNames = new String[0];
    private Map<String, Route> routes = Map.of();
    private Route defaultRoute = new Route(new int[0], new int[0]);

    /** The channels, as indexes into {@code channelNames}, of one header value. */
    private record Route(int[] required, int[] optional) {
        boolean isEmpty() {
            return required.length == 0 && optional.length == 0;
        }
    }

    MultiplexingChannelSelector(ComponentContext context) {
        this.context = context;
        this.header = context.config().get(HEADER);
        this.unrouted = context.counters().counter(UNROUTED);
    }

    @Override
    public void initialize(Map<String, Channel> channels) {
        Config config = context.config();
        channelNames = channels.keySet().toArray(new String[0]);
        Map<String, Integer> index = new HashMap<>();
        for (int i = 0; i < channelNames.length; i++) {
            index.put(channelNames[i], i);
        }
        List<String> defaults = config.getList(DEFAULT);
        Routes.checkKnown(context, DEFAULT.name(), defaults, channels.keySet());
        Map<String, List<String>> mapping = lists(config.subProperties(MAPPING_PREFIX), MAPPING_PREFIX, channels);
        Map<String, List<String>> optional = lists(config.subProperties(OPTIONAL_PREFIX), OPTIONAL_PREFIX, channels);
        if (mapping.isEmpty() && defaults.isEmpty() && optional.isEmpty()) {
            throw new ConfigException(ConfigPaths.of(context, MAPPING_PREFIX + "<value>"),
                    "the multiplexing selector needs at least one mapping.<value>, default or optional.<value>");
        }
        Set<String> values = new LinkedHashSet<>(mapping.keySet());
        values.addAll(optional.keySet());
        Map<String, Route> built = new HashMap<>();
        for (String value : values) {
            List<String> req = mapping.getOrDefault(value, defaults);
            List<String> opt = new ArrayList<>(optional.getOrDefault(value, List.of()));
            opt.removeAll(req);
            built.put(value, new Route(indexes(req, index), indexes(opt, index)));
        }
        routes = built;
        defaultRoute = new Route(indexes(defaults, index), new int[0]);
    }

    private Map<String, List<String>> lists(Map<String, String> raw, String prefix, Map<String, Channel> channels) {
        Map<String, List<String>> out = new LinkedHashMap<>();
        for (Map.Entry<String, String> e : raw.entrySet()) {
            List<String> names = ConfigDef.splitList(e.getValue());
            if (names.isEmpty()) {
                throw new ConfigException(ConfigPaths.of(context, prefix + e.getKey()), "names no channel");
            }
            Routes.checkKnown(context, prefix + e.getKey(), names, channels.keySet());
            out.put(e.getKey(), names);
        }
        return out;
    }

    private static int[] indexes(List<String> names, Map<String, Integer> index) {
        return names.stream().distinct().mapToInt(index::get).sorted().toArray();
    }

    private Route routeOf(Event e) {
        String value = e.header(header);
        if (value == null) {
            return defaultRoute;
        }
        Route r = routes.get(value);
        return r == null ? defaultRoute : r;
    }

    @Override
    public Routing route(List<Event> events) {
        int n = events.size();
        if (n == 0) {
            return new Routing(Map.of(), Map.of());
        }
        Route first = routeOf(events.get(0));
        Route[] perEvent = null;
        for (int i = 1; i < n; i++) {
            Route r = routeOf(events.get(i));
            if (r != first && perEvent == null) {
                perEvent = new Route[n];
                java.util.Arrays.fill(perEvent, 0, i, first);
            }
            if (perEvent != null) {
                perEvent[i] = r;
            }
        }
        if (perEvent == null) {
            // Fast path: the whole batch takes one route; share the list.
            if (first.isEmpty()) {
                countUnrouted(n);
            }
            return new Routing(shared(first.required, events), shared(first.optional, events));
        }
        return split(events, perEvent);
    }

    private Map<String, List<Event>> shared(int[] channels, List<Event> events) {
        if (channels.length == 0) {
            return Map.of();
        }
        Map<String, List<Event>> out = new LinkedHashMap<>(channels.length * 2);
        for (int c : channels) {
            out.put(channelNames[c], events);
        }
        return out;
    }

    @SuppressWarnings("unchecked")
    private Routing split(List<Event> events, Route[] perEvent) {
        int n = events.size();
        List<Event>[] required = new List[channelNames.length];
        List<Event>[] optional = new List[channelNames.length];
        int lost = 0;
        for (int i = 0; i < n; i++) {
            Event e = events.get(i);
            Route r = perEvent[i];
            if (r.isEmpty()) {
                lost++;
            }
            add(required, r.required, e, n);
            add(optional, r.optional, e, n);
        }
        if (lost > 0) {
            countUnrouted(lost);
        }
        return new Routing(toMap(required), toMap(optional));
    }

    private static void add(List<Event>[] lists, int[] channels, Event e, int capacity) {
        for (int c : channels) {
            List<Event> l = lists[c];
            if (l == null) {
                l = new ArrayList<>(Math.min(capacity, 64));
                lists[c] = l;
            }
            l.add(e);
        }
    }

    private Map<String, List<Event>> toMap(List<Event>[] lists) {
        Map<String, List<Event>> out = new LinkedHashMap<>();
        for (int c = 0; c < lists.length; c++) {
            if (lists[c] != null) {
                out.put(channelNames[c], lists[c]);
            }
        }
        return out;
    }

    private void countUnrouted(int count) {
        unrouted.add(count);
        warn.warn("{} event(s) matched no channel (no mapping for their '{}' header and no default); dropped",
                count, header);
    }

    /** Makes {@link MultiplexingChannelSelector}s. */
    public static final class Provider implements ComponentProvider<ChannelSelector> {
        @Override
        public ComponentKind kind() {
            return ComponentKind.SELECTOR;
        }

        @Override
        public String type() {
            return "multiplexing";
        }

        @Override
        public Set<String> aliases() {
            return Set.of("org.apache.flume.channel.MultiplexingChannelSelector");
        }

        @Override
        public String description() {
            return "Routes each event by the value of one header.";
        }

        @Override
        public ConfigDef configDef() {
            return DEF;
        }

        @Override
        public ChannelSelector create(ComponentContext context) {
            return new MultiplexingChannelSelector(context);
        }
    }
}
