package io.flafka.kafka.source;

import io.flafka.api.ComponentContext;
import io.flafka.api.ComponentKind;
import io.flafka.api.ComponentProvider;
import io.flafka.api.Source;
import io.flafka.api.config.ConfigDef;
import io.flafka.api.config.ConfigException;
import java.util.Set;

/** Provides the {@code kafka} source. */
public final class KafkaSourceProvider implements ComponentProvider<Source> {
    @Override
    public ComponentKind kind() {
        return ComponentKind.SOURCE;
    }

    @Override
    public String type() {
        return "kafka";
    }

    @Override
    public Set<String> aliases() {
        return Set.of("org.apache.flume.source.kafka.KafkaSource");
    }

    @Override
    public String description() {
        return "Reads Kafka topics, committing offsets only for events the channels have committed.";
    }

    @Override
    public ConfigDef configDef() {
        return KafkaSourceConfig.DEF;
    }

    @Override
    public Source create(ComponentContext context) {
        if (context.config().getList(KafkaSourceConfig.TOPICS).isEmpty()
                && context.config().get(KafkaSourceConfig.TOPICS_REGEX) == null) {
            throw new ConfigException(context.qualifiedName() + "." + KafkaSourceConfig.TOPICS.name(),
                    "is required (or kafka.topics.regex): the topics to read");
        }
        return new KafkaSource(context);
    }
}
