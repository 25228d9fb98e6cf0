package io.flafka.sources.exec;

import io.flafka.api.ComponentContext;
import io.flafka.api.ComponentKind;
import io.flafka.api.ComponentProvider;
import io.flafka.api.Source;
import io.flafka.api.config.Config;
import io.flafka.api.config.ConfigDef;
import io.flafka.api.metrics.SourceCounter;
import java.nio.charset.Charset;
import java.util.Set;

/** Provides {@link ExecSource} as {@code exec} ({@code org.apache.flume.source.ExecSource}). */
public final class ExecSourceProvider implements ComponentProvider<Source> {
    @Override
    public ComponentKind kind() {
        return ComponentKind.SOURCE;
    }

    @Override
    public String type() {
        return "exec";
    }

    @Override
    public Set<String> aliases() {
        return Set.of("org.apache.flume.source.ExecSource");
    }

    @Override
    public String description() {
        return "Runs a command and turns each line of its output into an event; no delivery guarantee.";
    }

    @Override
    public ConfigDef configDef() {
        return ExecSource.CONFIG_DEF;
    }

    @Override
    public Source create(ComponentContext context) {
        Config c = context.config();
        ExecSource.Settings s = new ExecSource.Settings(c.get(ExecSource.COMMAND), c.get(ExecSource.SHELL),
                c.get(ExecSource.RESTART), c.get(ExecSource.RESTART_THROTTLE), c.get(ExecSource.LOG_STDERR),
                c.get(ExecSource.BATCH_SIZE), c.get(ExecSource.BATCH_TIMEOUT),
                Charset.forName(c.get(ExecSource.CHARSET).trim()));
        return new ExecSource(context.name(), s, context.counters(SourceCounter.class));
    }
}
