package io.flafka.core.serialization;

import io.flafka.api.config.Validator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Finds a serializer format by the names Flume configurations use: {@code TEXT} and
 * {@code HEADER_AND_TEXT} (any case) and Flume's builder class names. Other formats (such as
 * {@code avro_event}) are not available here and are reported as configuration errors.
 */
public final class EventSerializers {
    private static final Map<String, EventSerializer.Factory> BY_WORD = new LinkedHashMap<>();
    private static final Map<String, EventSerializer.Factory> BY_CLASS = new LinkedHashMap<>();

    static {
        BY_WORD.put("text", BodyTextSerializer.FACTORY);
        BY_WORD.put("header_and_text", HeaderAndBodyTextSerializer.FACTORY);
        BY_CLASS.put("org.apache.flume.serialization.BodyTextEventSerializer$Builder", BodyTextSerializer.FACTORY);
        BY_CLASS.put("org.apache.flume.serialization.HeaderAndBodyTextEventSerializer$Builder",
                HeaderAndBodyTextSerializer.FACTORY);
    }

    private EventSerializers() {
    }

    /** The format named {@code name}, if it is one of the built-in ones. */
    public static Optional<EventSerializer.Factory> forName(String name) {
        if (name == null) {
            return Optional.empty();
        }
        String trimmed = name.trim();
        EventSerializer.Factory f = BY_CLASS.get(trimmed);
        if (f == null) {
            f = BY_WORD.get(trimmed.toLowerCase(Locale.ROOT));
        }
        return Optional.ofNullable(f);
    }

    /** The accepted short names, for messages and documentation. */
    public static List<String> names() {
        return List.of("TEXT", "HEADER_AND_TEXT");
    }

    /** A validator for a {@code serializer} key: accepts exactly what {@link #forName(String)} finds. */
    public static Validator<String> validator() {
        return new Validator<>() {
            @Override
            public String check(String value) {
                if (forName(value).isPresent()) {
                    return null;
                }
                String hint = value.trim().equalsIgnoreCase("avro_event")
                        ? "; avro_event is not available for this sink" : "";
                return "unknown serializer; use one of: " + String.join(", ", names())
                        + " (or Flume's BodyTextEventSerializer$Builder / HeaderAndBodyTextEventSerializer$Builder)"
                        + hint;
            }

            @Override
            public String describe() {
                return "one of: " + String.join(", ", names());
            }
        };
    }
}
