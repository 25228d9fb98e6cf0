package io.flafka.api;

import io.flafka.api.config.ConfigDef;
import java.util.Set;

/**
 * Makes one type of component. Providers are found with {@link java.util.ServiceLoader} (list them in
 * {@code META-INF/services/io.flafka.api.ComponentProvider}). Each declares its type name, the names
 * Flume users know it by (aliases such as {@code memory} and class names such as
 * {@code org.apache.flume.channel.MemoryChannel}), and every configuration key it reads. Two providers
 * of one kind claiming the same name make the agent fail at start.
 *
 * @param <T> the SPI type made, matching {@link #kind()}
 */
public interface ComponentProvider<T> {

    /** The kind of component made. */
    ComponentKind kind();

    /** Flafka's name for the type, used in {@code type = ...}. Lower case by convention. */
    String type();

    /** Other accepted names: Flume aliases and Flume class names. Matched case-insensitively, except class names. */
    default Set<String> aliases() {
        return Set.of();
    }

    /** One sentence for the configuration reference. */
    default String description() {
        return "";
    }

    /** Every key the component reads. Validation rejects undeclared keys. */
    ConfigDef configDef();

    /**
     * Creates a component from a validated configuration. Called on the lifecycle thread; must not
     * start threads or open connections (that is the component's {@code start}).
     */
    T create(ComponentContext context) throws Exception;
}
