package io.flafka.core.serialization;

import io.flafka.api.config.ConfigException;
import java.util.Locale;
import java.util.Map;

/** Reads the few options the built-in serializers know, rejecting malformed values. */
final class SerializerOptions {
    /** Flume's option: end every event with a newline. */
    static final String APPEND_NEWLINE = "appendNewline";

    private SerializerOptions() {
    }

    static boolean appendNewline(Map<String, String> options) {
        String v = options.get(APPEND_NEWLINE);
        if (v == null) {
            return true;
        }
        String s = v.trim().toLowerCase(Locale.ROOT);
        if (s.equals("true")) {
            return true;
        }
        if (s.equals("false")) {
            return false;
        }
        throw new ConfigException("serializer." + APPEND_NEWLINE, "'" + v + "' is not true or false");
    }
}
