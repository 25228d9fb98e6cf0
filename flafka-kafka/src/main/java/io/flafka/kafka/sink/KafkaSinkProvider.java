package io.flafka.kafka.sink;

import io.flafka.api.ComponentContext;
import io.flafka.api.ComponentKind;
import io.flafka.api.ComponentProvider;
import io.flafka.api.Sink;
import io.flafka.api.config.ConfigDef;
import java.util.Set;

/** Provides the {@code kafka} sink. */
public final class KafkaSinkProvider implements ComponentProvider<Sink> {
    @Override
    public ComponentKind kind() {
        return ComponentKind.SINK;
    }

    @Override
    public String type() {
        return "kafka";
    }

    @Override
    public Set<String> aliases() {
        return Set.of("org.apache.flume.sink.kafka.KafkaSink");
    }

    @Override
    public String description() {
        return "Writes events to Kafka topics, committing each channel batch only once every record is acknowledged.";
    }

    @Override
    public ConfigDef configDef() {
        return KafkaSinkConfig.DEF;
    }

    @Override
    public Sink create(ComponentContext context) {
        return new KafkaSink(context);
    }
}
