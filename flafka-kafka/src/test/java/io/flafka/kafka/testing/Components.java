package io.flafka.kafka.testing;

import io.flafka.api.ComponentContext;
import io.flafka.api.ComponentKind;
import io.flafka.api.ComponentProvider;
import io.flafka.api.config.Config;
import io.flafka.api.metrics.ChannelCounter;
import io.flafka.api.metrics.CounterGroup;
import io.flafka.api.metrics.SinkCounter;
import io.flafka.api.metrics.SourceCounter;
import java.util.Map;

/** Creates components through their providers, as the runtime does. */
public final class Components {
    private Components() {
    }

    public static ComponentContext context(ComponentProvider<?> provider, String name, Map<String, String> raw) {
        ComponentKind kind = provider.kind();
        CounterGroup counters = switch (kind) {
            case SOURCE -> new SourceCounter(name);
            case SINK -> new SinkCounter(name);
            case CHANNEL -> new ChannelCounter(name);
            default -> new CounterGroup(kind.metricsPrefix(), name);
        };
        return new ComponentContext("a1", name, kind, Config.parse(provider.configDef(), raw), counters);
    }

    public static <T> T create(ComponentProvider<T> provider, String name, Map<String, String> raw) throws Exception {
        return provider.create(context(provider, name, raw));
    }
}
