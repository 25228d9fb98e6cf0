package io.flafka.kafka.channel;

import io.flafka.api.Channel;
import io.flafka.api.ComponentContext;
import io.flafka.api.ComponentKind;
import io.flafka.api.ComponentProvider;
import io.flafka.api.config.ConfigDef;
import java.util.Set;

/** Provides the {@code kafka} channel. */
public final class KafkaChannelProvider implements ComponentProvider<Channel> {
    @Override
    public ComponentKind kind() {
        return ComponentKind.CHANNEL;
    }

    @Override
    public String type() {
        return "kafka";
    }

    @Override
    public Set<String> aliases() {
        return Set.of("org.apache.flume.channel.kafka.KafkaChannel");
    }

    @Override
    public String description() {
        return "A durable channel kept in a Kafka topic: puts wait for acknowledgements, takes commit offsets.";
    }

    @Override
    public ConfigDef configDef() {
        return KafkaChannelConfig.DEF;
    }

    @Override
    public Channel create(ComponentContext context) {
        return new KafkaChannel(context);
    }
}
