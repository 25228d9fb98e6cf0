package io.flafka.core.source;

import io.flafka.api.ComponentContext;
import io.flafka.api.ComponentKind;
import io.flafka.api.ComponentProvider;
import io.flafka.api.Source;
import io.flafka.api.config.Config;
import io.flafka.api.config.ConfigDef;
import io.flafka.api.metrics.SourceCounter;
import java.util.Set;

/** Provides {@link NetcatUdpSource} as {@code netcatudp} ({@code org.apache.flume.source.NetcatUdpSource}). */
public final class NetcatUdpSourceProvider implements ComponentProvider<Source> {
    @Override
    public ComponentKind kind() {
        return ComponentKind.SOURCE;
    }

    @Override
    public String type() {
        return "netcatudp";
    }

    @Override
    public Set<String> aliases() {
        return Set.of("org.apache.flume.source.NetcatUdpSource");
    }

    @Override
    public String description() {
        return "Turns each line of each UDP datagram into an event (no acknowledgement).";
    }

    @Override
    public ConfigDef configDef() {
        return NetcatUdpSource.CONFIG_DEF;
    }

    @Override
    public Source create(ComponentContext context) {
        Config c = context.config();
        return new NetcatUdpSource(context.name(), c.get(NetcatUdpSource.BIND), c.get(NetcatUdpSource.PORT),
                c.get(NetcatUdpSource.REMOTE_ADDRESS_HEADER), c.get(NetcatUdpSource.BATCH_SIZE), context.counters(SourceCounter.class));
    }
}
