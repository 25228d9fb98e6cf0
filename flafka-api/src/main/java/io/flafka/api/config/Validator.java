package io.flafka.api.config;

/**
 * Checks a parsed value.
 *
 * @param <T> the value type
 */
@FunctionalInterface
public interface Validator<T> {

    /** Returns null when the value is acceptable, else a message such as "must be at least 1". */
    String check(T value);

    /** A short description for the generated reference ("at least 1", "one of: a, b"); may be empty. */
    default String describe() {
        return "";
    }
}
