package io.flafka.core.source;

import io.flafka.api.ComponentContext;
import io.flafka.api.ComponentKind;
import io.flafka.api.ComponentProvider;
import io.flafka.api.Source;
import io.flafka.api.config.ConfigDef;
import io.flafka.api.metrics.SourceCounter;
import java.util.Set;

/** Provides {@link SequenceGeneratorSource} as {@code seq} ({@code org.apache.flume.source.SequenceGeneratorSource}). */
public final class SequenceGeneratorSourceProvider implements ComponentProvider<Source> {
    @Override
    public ComponentKind kind() {
        return ComponentKind.SOURCE;
    }

    @Override
    public String type() {
        return "seq";
    }

    @Override
    public Set<String> aliases() {
        return Set.of("org.apache.flume.source.SequenceGeneratorSource");
    }

    @Override
    public String description() {
        return "Generates events whose bodies are the numbers 0, 1, 2, ...";
    }

    @Override
    public ConfigDef configDef() {
        return SequenceGeneratorSource.CONFIG_DEF;
    }

    @Override
    public Source create(ComponentContext context) {
        return new SequenceGeneratorSource(context.config().get(SequenceGeneratorSource.BATCH_SIZE),
                context.config().get(SequenceGeneratorSource.TOTAL_EVENTS), context.counters(SourceCounter.class));
    }
}
