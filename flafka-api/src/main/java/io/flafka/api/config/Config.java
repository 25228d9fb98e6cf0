package io.flafka.api.config;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A component's validated configuration: typed values for declared keys, and the raw strings (with
 * the component's prefix stripped) for pass-through prefixes and for user components that declare
 * nothing. Immutable. {@link #toString()} masks secrets.
 */
public final class Config {
    private final Map<String, String> raw;
    private final Map<String, Object> values;
    private final ConfigDef def;

    Config(Map<String, String> raw, Map<String, Object> values, ConfigDef def) {
        this.raw = Collections.unmodifiableMap(new LinkedHashMap<>(raw));
        this.values = Map.copyOf(values);
        this.def = def;
    }

    /** Validates {@code raw} against {@code def}, throwing every error at once. */
    public static Config parse(ConfigDef def, Map<String, String> raw) {
        Diagnostics d = new Diagnostics();
        Config c = def.validate(raw, "", d);
        d.throwIfErrors();
        return c;
    }

    /** A config over raw strings with no declaration (accepts any key). */
    public static Config ofRaw(Map<String, String> raw) {
        return parse(ConfigDef.open(), raw);
    }

    /** The typed value, or the key's default when absent (null when there is no default). */
    @SuppressWarnings("unchecked")
    public <T> T get(ConfigKey<T> key) {
        Object v = values.get(key.name());
        return v != null ? (T) v : key.defaultValue();
    }

    /** True when the key (under any of its spellings) was set. */
    public boolean isSet(ConfigKey<?> key) {
        return values.containsKey(key.name());
    }

    /** The raw map, prefix stripped. Secrets included: never log it; use {@link #toString()}. */
    public Map<String, String> raw() {
        return raw;
    }

    /** A raw value, or null. */
    public String getString(String key) {
        return raw.get(key);
    }

    /** A raw value, or the default. */
    public String getString(String key, String defaultValue) {
        String v = raw.get(key);
        return v == null ? defaultValue : v;
    }

    /** A raw value parsed as an int, or the default. */
    public int getInt(String key, int defaultValue) {
        String v = raw.get(key);
        return v == null ? defaultValue : parseNumber(key, v, Integer::parseInt);
    }

    /** A raw value parsed as a long, or the default. */
    public long getLong(String key, long defaultValue) {
        String v = raw.get(key);
        return v == null ? defaultValue : parseNumber(key, v, Long::parseLong);
    }

    /** A raw value parsed as a boolean, or the default. */
    public boolean getBoolean(String key, boolean defaultValue) {
        String v = raw.get(key);
        return v == null ? defaultValue : Boolean.parseBoolean(v.trim());
    }

    private static <N> N parseNumber(String key, String v, java.util.function.Function<String, N> f) {
        try {
            return f.apply(v.trim());
        } catch (NumberFormatException e) {
            throw new ConfigException(key, "'" + v + "' is not a number");
        }
    }

    /** Every raw key under {@code prefix}, with the prefix stripped, in file order. */
    public Map<String, String> subProperties(String prefix) {
        Map<String, String> out = new LinkedHashMap<>();
        for (Map.Entry<String, String> e : raw.entrySet()) {
            if (e.getKey().startsWith(prefix) && e.getKey().length() > prefix.length()) {
                out.put(e.getKey().substring(prefix.length()), e.getValue());
            }
        }
        return out;
    }

    /** The declaration this config was validated against. */
    public ConfigDef def() {
        return def;
    }

    /** The raw map with secret values replaced by {@code ****}, sorted by key. */
    public Map<String, String> masked() {
        Map<String, String> out = new TreeMap<>();
        for (Map.Entry<String, String> e : raw.entrySet()) {
            ConfigKey<?> k = def.keys().get(e.getKey());
            boolean secret = (k != null && k.secret()) || Secrets.isSecretKey(e.getKey());
            out.put(e.getKey(), secret ? Secrets.MASK : e.getValue());
        }
        return out;
    }

    /** The list value of a LIST key, never null. */
    public List<String> getList(ConfigKey<List<String>> key) {
        List<String> v = get(key);
        return v == null ? List.of() : v;
    }

    @Override
    public String toString() {
        return masked().toString();
    }
}
