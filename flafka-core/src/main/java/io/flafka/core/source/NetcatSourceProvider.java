package io.flafka.core.source;

import io.flafka.api.ComponentContext;
import io.flafka.api.ComponentKind;
import io.flafka.api.ComponentProvider;
import io.flafka.api.Source;
import io.flafka.api.config.Config;
import io.flafka.api.config.ConfigDef;
import io.flafka.api.metrics.SourceCounter;
import java.nio.charset.Charset;
import java.util.Set;

/** Provides {@link NetcatSource} as {@code netcat} ({@code org.apache.flume.source.NetcatSource}). */
public final class NetcatSourceProvider implements ComponentProvider<Source> {
    @Override
    public ComponentKind kind() {
        return ComponentKind.SOURCE;
    }

    @Override
    public String type() {
        return "netcat";
    }

    @Override
    public Set<String> aliases() {
        return Set.of("org.apache.flume.source.NetcatSource");
    }

    @Override
    public String description() {
        return "Turns each line received over TCP into an event and answers OK once it is committed.";
    }

    @Override
    public ConfigDef configDef() {
        return NetcatSource.CONFIG_DEF;
    }

    @Override
    public Source create(ComponentContext context) {
        Config c = context.config();
        NetcatSource.Settings s = new NetcatSource.Settings(c.get(NetcatSource.BIND), c.get(NetcatSource.PORT),
                c.get(NetcatSource.MAX_LINE_LENGTH), c.get(NetcatSource.ACK_EVERY_EVENT),
                Charset.forName(c.get(NetcatSource.ENCODING).trim()), c.get(NetcatSource.BATCH_SIZE));
        return new NetcatSource(context.name(), s, context.counters(SourceCounter.class));
    }
}
