package io.flafka.core.channel;

import io.flafka.api.Channel;
import io.flafka.api.ComponentContext;
import io.flafka.api.ComponentKind;
import io.flafka.api.ComponentProvider;
import io.flafka.api.config.ConfigDef;
import java.util.Set;

/** Provides {@link MemoryChannel} as {@code memory} (Flume: {@code memory}, {@code org.apache.flume.channel.MemoryChannel}). */
public final class MemoryChannelProvider implements ComponentProvider<Channel> {

    @Override
    public ComponentKind kind() {
        return ComponentKind.CHANNEL;
    }

    @Override
    public String type() {
        return "memory";
    }

    @Override
    public Set<String> aliases() {
        return Set.of("org.apache.flume.channel.MemoryChannel");
    }

    @Override
    public String description() {
        return "A bounded in-memory queue: fastest, but events are lost if the process dies.";
    }

    @Override
    public ConfigDef configDef() {
        return MemoryChannel.CONFIG_DEF;
    }

    @Override
    public Channel create(ComponentContext context) {
        return MemoryChannel.create(context);
    }
}
