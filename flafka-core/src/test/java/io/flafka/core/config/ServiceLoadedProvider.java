package io.flafka.core.config;

import io.flafka.api.Channel;
import io.flafka.api.ComponentContext;
import io.flafka.api.ComponentKind;
import io.flafka.api.ComponentProvider;
import io.flafka.api.config.ConfigDef;

/** Found by ServiceLoader through {@code config/serviceloader/META-INF/services} (not on the default path). */
public class ServiceLoadedProvider implements ComponentProvider<Channel> {
    @Override
    public ComponentKind kind() {
        return ComponentKind.CHANNEL;
    }

    @Override
    public String type() {
        return "test-serviceloaded";
    }

    @Override
    public ConfigDef configDef() {
        return ConfigDef.of();
    }

    @Override
    public Channel create(ComponentContext context) {
        return () -> null;
    }
}
