package io.flafka.core.selector;

import io.flafka.api.Channel;
import io.flafka.api.ChannelSelector;
import io.flafka.api.ComponentContext;
import io.flafka.api.ComponentKind;
import io.flafka.api.ComponentProvider;
import io.flafka.api.Event;
import io.flafka.api.config.ConfigDef;
import io.flafka.api.config.ConfigKey;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Flume's default selector: every event goes to every channel of the source; the channels listed in
 * {@code optional} receive it best effort. Routing does no per-event work: the batch list itself is
 * handed to every channel (channels never modify the lists they are given; the caller must not change
 * the batch until the puts are done). Called on the source's threads; immutable after
 * {@link #initialize(Map)}, so thread-safe. Nothing to stop.
 */
public final class ReplicatingChannelSelector implements ChannelSelector {
    static final ConfigKey<List<String>> OPTIONAL = ConfigKey.listKey("optional")
            .doc("Channels written best effort: a failed put is counted and logged, not retried.").build();
    static final ConfigDef DEF = ConfigDef.of(OPTIONAL);

    private final ComponentContext context;
    private String[] required = new String[0];
    private String[] optional = new String[0];

    ReplicatingChannelSelector(ComponentContext context) {
        this.context = context;
    }

    @Override
    public void initialize(Map<String, Channel> channels) {
        List<String> opt = context.config().getList(OPTIONAL);
        Routes.checkKnown(context, OPTIONAL.name(), opt, channels.keySet());
        List<String> req = new ArrayList<>();
        for (String name : channels.keySet()) {
            if (!opt.contains(name)) {
                req.add(name);
            }
        }
        List<String> optInOrder = new ArrayList<>();
        for (String name : channels.keySet()) {
            if (opt.contains(name)) {
                optInOrder.add(name);
            }
        }
        required = req.toArray(new String[0]);
        optional = optInOrder.toArray(new String[0]);
    }

    @Override
    public Routing route(List<Event> events) {
        return new Routing(Routes.sameList(required, events), Routes.sameList(optional, events));
    }

    /** Makes {@link ReplicatingChannelSelector}s. */
    public static final class Provider implements ComponentProvider<ChannelSelector> {
        @Override
        public ComponentKind kind() {
            return ComponentKind.SELECTOR;
        }

        @Override
        public String type() {
            return "replicating";
        }

        @Override
        public Set<String> aliases() {
            return Set.of("org.apache.flume.channel.ReplicatingChannelSelector");
        }

        @Override
        public String description() {
            return "Sends every event to every channel (the optional ones best effort).";
        }

        @Override
        public ConfigDef configDef() {
            return DEF;
        }

        @Override
        public ChannelSelector create(ComponentContext context) {
            return new ReplicatingChannelSelector(context);
        }
    }
}
