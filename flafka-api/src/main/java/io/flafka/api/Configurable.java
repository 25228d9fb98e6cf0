package io.flafka.api;

/**
 * Implemented by user components named by class in {@code type} (rather than through a
 * {@link ComponentProvider}): the runtime instantiates the class with its public no-argument
 * constructor and calls {@link #configure(ComponentContext)} once, before start.
 */
public interface Configurable {

    /**
     * Reads configuration. Throw {@link io.flafka.api.config.ConfigException} for a user's mistake;
     * it is reported like a validation error, without a stack trace.
     */
    void configure(ComponentContext context) throws Exception;
}
