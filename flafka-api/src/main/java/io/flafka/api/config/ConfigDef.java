package io.flafka.api.config;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Every key one component type reads, declared once. The same declaration validates a configuration
 * (all errors at once, "did you mean" for unknown keys), converts it to typed values, and generates
 * the configuration reference.
 *
 * <p>Besides typed keys a declaration may hold:
 * <ul>
 *   <li>pass-through prefixes ({@code kafka.consumer.}): any key below is accepted verbatim;</li>
 *   <li>refused keys: Flume keys that can no longer work, rejected with a message saying what to do;</li>
 *   <li>ignored keys: Flume keys that mean nothing in Flafka's design, accepted and logged at INFO;</li>
 *   <li>the names of the component's batch-size and transaction-capacity keys, so the runtime can check
 *       a source's or sink's batch against its channel.</li>
 * </ul>
 * Immutable once built.
 */
public final class ConfigDef {
    private final Map<String, ConfigKey<?>> keys;
    private final Map<String, String> prefixes;
    private final Map<String, String> refused;
    private final Map<String, String> ignored;
    private final boolean open;
    private final String batchSizeKey;
    private final String transactionCapacityKey;

    private ConfigDef(Builder b) {
        this.keys = Collections.unmodifiableMap(new LinkedHashMap<>(b.keys));
        this.prefixes = Collections.unmodifiableMap(new LinkedHashMap<>(b.prefixes));
        this.refused = Collections.unmodifiableMap(new LinkedHashMap<>(b.refused));
        this.ignored = Collections.unmodifiableMap(new LinkedHashMap<>(b.ignored));
        this.open = b.open;
        this.batchSizeKey = b.batchSizeKey;
        this.transactionCapacityKey = b.transactionCapacityKey;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** A declaration of just these keys. */
    public static ConfigDef of(ConfigKey<?>... keys) {
        Builder b = builder();
        for (ConfigKey<?> k : keys) {
            b.key(k);
        }
        return b.build();
    }

    /** A declaration that accepts any key (user components named by class, which declare nothing). */
    public static ConfigDef open() {
        return builder().open().build();
    }

    /** Declared keys in declaration order. */
    public Map<String, ConfigKey<?>> keys() {
        return keys;
    }

    /** Pass-through prefix to its documentation. */
    public Map<String, String> prefixes() {
        return prefixes;
    }

    /** Refused key to the message shown. */
    public Map<String, String> refused() {
        return refused;
    }

    /** Ignored key to the reason logged. */
    public Map<String, String> ignored() {
        return ignored;
    }

    public boolean isOpen() {
        return open;
    }

    /** The name of the key holding the batch size, or null. */
    public String batchSizeKey() {
        return batchSizeKey;
    }

    /** The name of the key holding the transaction capacity (channels), or null. */
    public String transactionCapacityKey() {
        return transactionCapacityKey;
    }

    /**
     * Validates raw values and returns the typed view. Problems are added to {@code diagnostics}
     * (errors, deprecation warnings, INFO notes), each with its full path {@code pathPrefix + key}; the
     * returned config is meaningful only when no error was added.
     *
     * @param raw the component's keys with its prefix stripped
     * @param pathPrefix e.g. {@code a1.channels.c1.}
     */
    public Config validate(Map<String, String> raw, String pathPrefix, Diagnostics diagnostics) {
        Map<String, Object> values = new HashMap<>();
        Map<String, String> consumed = new HashMap<>();
        for (ConfigKey<?> key : keys.values()) {
            String rawValue = find(key, raw, pathPrefix, diagnostics, consumed);
            if (rawValue == null) {
                if (key.required()) {
                    diagnostics.error(pathPrefix + key.name(), "is required" + docHint(key));
                }
                continue;
            }
            Object parsed = parse(key, rawValue, pathPrefix + key.name(), diagnostics);
            if (parsed != null) {
                values.put(key.name(), parsed);
            }
        }
        for (String k : raw.keySet()) {
            if (consumed.containsKey(k)) {
                continue;
            }
            String path = pathPrefix + k;
            if (refused.containsKey(k)) {
                diagnostics.error(path, refused.get(k));
            } else if (ignored.containsKey(k)) {
                diagnostics.info(path, "accepted and ignored: " + ignored.get(k));
            } else if (!open && !underPrefix(k)) {
                String hint = DidYouMean.suggest(k, candidateNames());
                diagnostics.error(path, "unknown key" + (hint == null ? "" : "; did you mean '" + hint + "'?"));
            }
        }
        return new Config(raw, values, this);
    }

    private String find(ConfigKey<?> key, Map<String, String> raw, String pathPrefix, Diagnostics diagnostics,
                        Map<String, String> consumed) {
        String value = null;
        String found = null;
        if (raw.containsKey(key.name())) {
            value = raw.get(key.name());
            found = key.name();
            consumed.put(found, key.name());
        }
        for (String alias : key.aliases()) {
            if (raw.containsKey(alias)) {
                consumed.put(alias, key.name());
                if (value == null) {
                    value = raw.get(alias);
                    found = alias;
                } else {
                    diagnostics.warn(pathPrefix + alias, "ignored: '" + found + "' is also set and takes precedence");
                }
            }
        }
        for (String old : key.deprecatedNames()) {
            if (raw.containsKey(old)) {
                consumed.put(old, key.name());
                if (value == null) {
                    value = raw.get(old);
                    found = old;
                    diagnostics.warn(pathPrefix + old, "is deprecated; use '" + key.name() + "' instead");
                } else {
                    diagnostics.warn(pathPrefix + old, "is deprecated and ignored: '" + found + "' is also set");
                }
            }
        }
        return value;
    }

    private boolean underPrefix(String k) {
        for (String p : prefixes.keySet()) {
            if (k.startsWith(p) && k.length() > p.length()) {
                return true;
            }
        }
        return false;
    }

    private List<String> candidateNames() {
        List<String> names = new ArrayList<>();
        for (ConfigKey<?> k : keys.values()) {
            names.add(k.name());
            names.addAll(k.aliases());
        }
        names.addAll(prefixes.keySet());
        return names;
    }

    private static String docHint(ConfigKey<?> key) {
        return key.doc().isEmpty() ? "" : " (" + firstSentence(key.doc()) + ")";
    }

    private static String firstSentence(String doc) {
        int dot = doc.indexOf(". ");
        return dot < 0 ? (doc.endsWith(".") ? doc.substring(0, doc.length() - 1) : doc) : doc.substring(0, dot);
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static Object parse(ConfigKey<?> key, String rawValue, String path, Diagnostics diagnostics) {
        String v = rawValue.trim();
        Object parsed;
        try {
            parsed = switch (key.type()) {
                case STRING -> v;
                case PASSWORD -> rawValue;
                case INT -> Integer.parseInt(v);
                case LONG -> Long.parseLong(v);
                case DOUBLE -> Double.parseDouble(v);
                case BOOLEAN -> parseBoolean(v);
                case LIST -> splitList(v);
            };
        } catch (NumberFormatException e) {
            String shown = key.secret() ? "****" : "'" + v + "'";
            diagnostics.error(path, shown + " is not " + article(key.type()));
            return null;
        } catch (IllegalArgumentException e) {
            diagnostics.error(path, e.getMessage());
            return null;
        }
        Validator validator = key.validator();
        if (validator != null) {
            String problem = validator.check(parsed);
            if (problem != null) {
                String shown = key.secret() ? "" : " (was '" + v + "')";
                diagnostics.error(path, problem + shown);
                return null;
            }
        }
        return parsed;
    }

    private static Boolean parseBoolean(String v) {
        String s = v.toLowerCase(Locale.ROOT);
        if (s.equals("true")) {
            return Boolean.TRUE;
        }
        if (s.equals("false")) {
            return Boolean.FALSE;
        }
        throw new IllegalArgumentException("'" + v + "' is not true or false");
    }

    /** Splits on whitespace and commas, dropping empty entries. */
    public static List<String> splitList(String v) {
        List<String> out = new ArrayList<>();
        for (String part : v.trim().split("[\\s,]+")) {
            if (!part.isEmpty()) {
                out.add(part);
            }
        }
        return List.copyOf(out);
    }

    private static String article(ConfigType t) {
        return switch (t) {
            case INT -> "an integer";
            case LONG -> "a whole number";
            case DOUBLE -> "a number";
            default -> "a " + t.name().toLowerCase(Locale.ROOT);
        };
    }

    /** Builds a {@link ConfigDef}. */
    public static final class Builder {
        private final Map<String, ConfigKey<?>> keys = new LinkedHashMap<>();
        private final Map<String, String> prefixes = new LinkedHashMap<>();
        private final Map<String, String> refused = new LinkedHashMap<>();
        private final Map<String, String> ignored = new LinkedHashMap<>();
        private boolean open;
        private String batchSizeKey;
        private String transactionCapacityKey;

        /** Declares a key. */
        public Builder key(ConfigKey<?> key) {
            if (keys.putIfAbsent(key.name(), key) != null) {
                throw new IllegalArgumentException("key declared twice: " + key.name());
            }
            return this;
        }

        /** Declares several keys. */
        public Builder keys(ConfigKey<?>... list) {
            for (ConfigKey<?> k : list) {
                key(k);
            }
            return this;
        }

        /** Adds every key, prefix, refusal and ignored key of another declaration. */
        public Builder include(ConfigDef other) {
            other.keys.values().forEach(this::key);
            prefixes.putAll(other.prefixes);
            refused.putAll(other.refused);
            ignored.putAll(other.ignored);
            return this;
        }

        /** Accepts any key under this prefix (e.g. {@code kafka.producer.}). */
        public Builder prefix(String prefix, String doc) {
            prefixes.put(prefix, doc);
            return this;
        }

        /** Rejects this key with this message (e.g. a ZooKeeper setting that can no longer work). */
        public Builder refuse(String key, String message) {
            refused.put(key, message);
            return this;
        }

        /** Accepts this key, does nothing with it, and says so at INFO. */
        public Builder ignore(String key, String reason) {
            ignored.put(key, reason);
            return this;
        }

        /** Accepts any key. */
        public Builder open() {
            this.open = true;
            return this;
        }

        /** Names the key holding this source's or sink's batch size (must be a declared INT or LONG key). */
        public Builder batchSizeKey(String name) {
            this.batchSizeKey = name;
            return this;
        }

        /** Names the key holding this channel's transaction capacity. */
        public Builder transactionCapacityKey(String name) {
            this.transactionCapacityKey = name;
            return this;
        }

        public ConfigDef build() {
            return new ConfigDef(this);
        }
    }
}
