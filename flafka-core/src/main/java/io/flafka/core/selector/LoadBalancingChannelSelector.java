package io.flafka.core.selector;

import io.flafka.api.Channel;
import io.flafka.api.ChannelSelector;
import io.flafka.api.ComponentContext;
import io.flafka.api.ComponentKind;
import io.flafka.api.ComponentProvider;
import io.flafka.api.Event;
import io.flafka.api.config.ConfigDef;
import io.flafka.api.config.ConfigException;
import io.flafka.api.config.ConfigKey;
import io.flafka.api.config.Validators;
import io.flafka.core.interceptor.ConfigPaths;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Spreads events over the source's channels so they can be drained in parallel, as Flume's
 * {@code load_balancing} selector (FLUME-3412) does. Every event goes to exactly one channel, which is
 * required. The spreading is <b>per event</b>: with {@code policy = round_robin} the events of the
 * agent's successive batches are dealt to the channels in turn (event <i>i</i> overall goes to channel
 * <i>i mod n</i>, so each channel gets every n-th event, in batch order); with {@code random} each event
 * picks a channel at random.
 * Called on the source's threads; thread-safe (an atomic cursor). Nothing to stop.
 */
public final class LoadBalancingChannelSelector implements ChannelSelector {
    static final ConfigKey<String> POLICY = ConfigKey.stringKey("policy").defaultValue("round_robin")
            .validator(Validators.oneOf("round_robin", "random"))
            .doc("How events are spread: round_robin or random.").build();
    static final ConfigDef DEF = ConfigDef.of(POLICY);

    private final ComponentContext context;
    private final boolean random;
    private final AtomicLong cursor = new AtomicLong();
    private String[] channels = new String[0];

    LoadBalancingChannelSelector(ComponentContext context) {
        this.context = context;
        this.random = Validators.canonical(context.config().get(POLICY)).equals("random");
    }

    @Override
    public void initialize(Map<String, Channel> channelMap) {
        if (channelMap.isEmpty()) {
            throw new ConfigException(ConfigPaths.of(context, POLICY.name()),
                    "the load_balancing selector needs at least one channel");
        }
        channels = channelMap.keySet().toArray(new String[0]);
    }

    @Override
    @SuppressWarnings("unchecked")
    public Routing route(List<Event> events) {
        int n = events.size();
        int k = channels.length;
        if (n == 0) {
            return new Routing(Map.of(), Map.of());
        }
        if (k == 1) {
            return new Routing(Map.of(channels[0], events), Map.of());
        }
        List<Event>[] lists = new List[k];
        if (random) {
            ThreadLocalRandom rnd = ThreadLocalRandom.current();
            for (int i = 0; i < n; i++) {
                add(lists, rnd.nextInt(k), events.get(i), n / k + 1);
            }
        } else {
            // Claim n consecutive positions so concurrent batches never share a slot of the rotation.
            int start = (int) Math.floorMod(cursor.getAndAdd(n), (long) k);
            for (int i = 0; i < n; i++) {
                add(lists, (start + i) % k, events.get(i), n / k + 1);
            }
        }
        Map<String, List<Event>> required = new LinkedHashMap<>(k * 2);
        for (int c = 0; c < k; c++) {
            if (lists[c] != null) {
                required.put(channels[c], lists[c]);
            }
        }
        return new Routing(required, Map.of());
    }

    private static void add(List<Event>[] lists, int c, Event e, int capacity) {
        List<Event> l = lists[c];
        if (l == null) {
            l = new ArrayList<>(capacity);
            lists[c] = l;
        }
        l.add(e);
    }

    /** Makes {@link LoadBalancingChannelSelector}s. */
    public static final class Provider implements ComponentProvider<ChannelSelector> {
        @Override
        public ComponentKind kind() {
            return ComponentKind.SELECTOR;
        }

        @Override
        public String type() {
            return "load_balancing";
        }

        @Override
        public Set<String> aliases() {
            return Set.of("org.apache.flume.channel.LoadBalancingChannelSelector");
        }

        @Override
        public String description() {
            return "Spreads events over the channels, one channel per event (round_robin or random).";
        }

        @Override
        public ConfigDef configDef() {
            return DEF;
        }

        @Override
        public ChannelSelector create(ComponentContext context) {
            return new LoadBalancingChannelSelector(context);
        }
    }
}
