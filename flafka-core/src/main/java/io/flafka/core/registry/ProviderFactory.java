package io.flafka.core.registry;

import io.flafka.api.ComponentContext;
import io.flafka.api.ComponentKind;
import io.flafka.api.ComponentProvider;
import io.flafka.api.config.ConfigDef;
import java.util.Objects;

/** A {@link ComponentFactory} backed by a {@link ComponentProvider}; its declaration is read once. */
public final class ProviderFactory implements ComponentFactory {
    private final ComponentProvider<?> provider;
    private final ConfigDef configDef;

    public ProviderFactory(ComponentProvider<?> provider) {
        this.provider = Objects.requireNonNull(provider, "provider");
        this.configDef = Objects.requireNonNull(provider.configDef(),
                () -> provider.getClass().getName() + ".configDef() returned null");
    }

    /** The provider behind this factory. */
    public ComponentProvider<?> provider() {
        return provider;
    }

    @Override
    public ComponentKind kind() {
        return provider.kind();
    }

    @Override
    public String typeName() {
        return provider.type();
    }

    @Override
    public ConfigDef configDef() {
        return configDef;
    }

    @Override
    public Object create(ComponentContext context) throws Exception {
        return provider.create(context);
    }

    @Override
    public String toString() {
        return provider.kind() + " " + provider.type() + " (" + provider.getClass().getName() + ")";
    }
}
