package io.flafka.api.config;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The declaration of one configuration key: name, type, default, validator, documentation, and the
 * other spellings Flume users may have written.
 *
 * <pre>{@code
 * static final ConfigKey<Integer> CAPACITY = ConfigKey.intKey("capacity").defaultValue(100)
 *     .validator(Validators.atLeast(1)).doc("Maximum number of events held.").build();
 * }</pre>
 *
 * @param <T> the parsed value type
 */
public final class ConfigKey<T> {
    private final String name;
    private final ConfigType type;
    private final T defaultValue;
    private final boolean required;
    private final Validator<T> validator;
    private final String doc;
    private final List<String> aliases;
    private final List<String> deprecatedNames;

    private ConfigKey(Builder<T> b) {
        this.name = Objects.requireNonNull(b.name);
        this.type = Objects.requireNonNull(b.type);
        this.defaultValue = b.defaultValue;
        this.required = b.required;
        this.validator = b.validator;
        this.doc = b.doc == null ? "" : b.doc;
        this.aliases = List.copyOf(b.aliases);
        this.deprecatedNames = List.copyOf(b.deprecatedNames);
    }

    public static Builder<String> stringKey(String name) {
        return new Builder<>(name, ConfigType.STRING);
    }

    public static Builder<String> passwordKey(String name) {
        return new Builder<>(name, ConfigType.PASSWORD);
    }

    public static Builder<Integer> intKey(String name) {
        return new Builder<>(name, ConfigType.INT);
    }

    public static Builder<Long> longKey(String name) {
        return new Builder<>(name, ConfigType.LONG);
    }

    public static Builder<Double> doubleKey(String name) {
        return new Builder<>(name, ConfigType.DOUBLE);
    }

    public static Builder<Boolean> booleanKey(String name) {
        return new Builder<>(name, ConfigType.BOOLEAN);
    }

    /** Whitespace- and/or comma-separated words. */
    public static Builder<List<String>> listKey(String name) {
        return new Builder<>(name, ConfigType.LIST);
    }

    public String name() {
        return name;
    }

    public ConfigType type() {
        return type;
    }

    /** The value used when the key is absent; null when there is none. */
    public T defaultValue() {
        return defaultValue;
    }

    public boolean required() {
        return required;
    }

    /** May be null. */
    public Validator<T> validator() {
        return validator;
    }

    public String doc() {
        return doc;
    }

    /** Other accepted spellings, accepted silently (e.g. where Flume's guide and code disagree). */
    public List<String> aliases() {
        return aliases;
    }

    /** Old spellings, accepted with a WARN that names the current one. */
    public List<String> deprecatedNames() {
        return deprecatedNames;
    }

    /** True for keys whose value must never be printed. */
    public boolean secret() {
        return type == ConfigType.PASSWORD;
    }

    @Override
    public String toString() {
        return name;
    }

    /** Builds a {@link ConfigKey}. */
    public static final class Builder<T> {
        private final String name;
        private final ConfigType type;
        private T defaultValue;
        private boolean required;
        private Validator<T> validator;
        private String doc;
        private final List<String> aliases = new ArrayList<>();
        private final List<String> deprecatedNames = new ArrayList<>();

        private Builder(String name, ConfigType type) {
            this.name = name;
            this.type = type;
        }

        public Builder<T> defaultValue(T value) {
            this.defaultValue = value;
            return this;
        }

        /** The key must be present (and has no default). */
        public Builder<T> required() {
            this.required = true;
            return this;
        }

        public Builder<T> validator(Validator<T> v) {
            this.validator = v;
            return this;
        }

        public Builder<T> doc(String text) {
            this.doc = text;
            return this;
        }

        /** Another spelling accepted without a warning. */
        public Builder<T> alias(String... names) {
            aliases.addAll(List.of(names));
            return this;
        }

        /** An old spelling accepted with a deprecation WARN. */
        public Builder<T> deprecated(String... names) {
            deprecatedNames.addAll(List.of(names));
            return this;
        }

        public ConfigKey<T> build() {
            return new ConfigKey<>(this);
        }
    }
}
