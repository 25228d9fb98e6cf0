package io.flafka.api.config;

/**
 * One problem in a configuration file.
 *
 * @param path the full key, e.g. {@code a1.channels.c1.capacity}, or a component path for structural errors
 * @param message what is wrong, for a person
 */
public record ConfigError(String path, String message) {
    @Override
    public String toString() {
        return path + ": " + message;
    }
}
