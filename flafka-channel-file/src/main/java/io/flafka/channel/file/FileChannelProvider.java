package io.flafka.channel.file;

import io.flafka.api.Channel;
import io.flafka.api.ComponentContext;
import io.flafka.api.ComponentKind;
import io.flafka.api.ComponentProvider;
import io.flafka.api.config.ConfigDef;
import java.util.Set;

/** Provides {@link FileChannel} as {@code file} (Flume: {@code file}, {@code org.apache.flume.channel.file.FileChannel}). */
public final class FileChannelProvider implements ComponentProvider<Channel> {

    @Override
    public ComponentKind kind() {
        return ComponentKind.CHANNEL;
    }

    @Override
    public String type() {
        return "file";
    }

    @Override
    public Set<String> aliases() {
        return Set.of("org.apache.flume.channel.file.FileChannel");
    }

    @Override
    public String description() {
        return "A durable write-ahead-log channel: a committed event survives kill -9 and power loss.";
    }

    @Override
    public ConfigDef configDef() {
        return FileChannelConfig.CONFIG_DEF;
    }

    @Override
    public Channel create(ComponentContext context) {
        return FileChannel.create(context);
    }
}
