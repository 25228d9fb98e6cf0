package io.flafka.core.interceptor;

import java.util.Locale;
import java.util.Map;

/** A user serializer for tests: upper-cases the group and appends the configured suffix. */
public class UpperCaseSerializer implements RegexExtractorSerializer {
    private String suffix = "";

    @Override
    public void configure(Map<String, String> properties) {
        if (properties.containsKey("suffix")) {
            suffix = properties.get("suffix");
        }
        if ("bad".equals(suffix)) {
            throw new IllegalArgumentException("suffix must not be bad");
        }
    }

    @Override
    public String serialize(String value) {
        return value.toUpperCase(Locale.ROOT) + suffix;
    }
}
