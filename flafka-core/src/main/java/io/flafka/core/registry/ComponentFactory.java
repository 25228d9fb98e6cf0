package io.flafka.core.registry;

import io.flafka.api.ComponentContext;
import io.flafka.api.ComponentKind;
import io.flafka.api.config.ConfigDef;

/**
 * A resolved {@code type}: either a {@link io.flafka.api.ComponentProvider} found by ServiceLoader or
 * a user class named by its fully qualified name.
 */
public interface ComponentFactory {

    ComponentKind kind();

    /** The canonical type name (a provider's {@code type()}, or the user's class name). */
    String typeName();

    /** The keys the component accepts; {@link ConfigDef#open()} for user classes. */
    ConfigDef configDef();

    /** Makes a new instance; returns an object implementing {@code kind().spiType()}. */
    Object create(ComponentContext context) throws Exception;
}
