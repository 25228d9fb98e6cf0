package io.flafka.core.interceptor;

import java.util.Map;

/**
 * Turns one regular-expression group matched by the {@code regex_extractor} interceptor into a header
 * value. Name an implementation in {@code serializers.<s>.type} by its fully qualified class name; it
 * needs a public no-argument constructor. Flafka's equivalent of Flume's
 * {@code RegexExtractorInterceptorSerializer}.
 *
 * <p>Threading: {@link #configure(Map)} is called once, on the lifecycle thread, before any
 * {@link #serialize(String)}; {@code serialize} is then called concurrently by the source's threads, so
 * it must be thread-safe.
 */
public interface RegexExtractorSerializer {

    /**
     * Reads the serializer's settings: every key under {@code serializers.<s>.} with that prefix
     * stripped (so {@code name}, {@code type} and any key of its own, such as {@code pattern}). Throw
     * {@link io.flafka.api.config.ConfigException} (with the key as path, e.g. {@code pattern}) or
     * {@link IllegalArgumentException} for a user's mistake.
     */
    default void configure(Map<String, String> properties) {
    }

    /**
     * The header value for a matched group (never null).
     *
     * @return the value, or null to set no header for this group
     * @throws RuntimeException when the group cannot be converted; the event then passes unchanged
     */
    String serialize(String value);
}
