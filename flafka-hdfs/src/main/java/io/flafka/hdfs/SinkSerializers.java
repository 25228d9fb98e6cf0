package io.flafka.hdfs;

import io.flafka.api.config.Validator;
import io.flafka.core.serialization.EventSerializer;
import io.flafka.core.serialization.EventSerializers;
import java.util.Locale;
import java.util.Optional;

/** The {@code serializer} names the HDFS sink accepts: core's text formats plus {@code avro_event}. */
final class SinkSerializers {
    private SinkSerializers() {
    }

    static Optional<EventSerializer.Factory> forName(String name) {
        String n = name.trim();
        if (n.equalsIgnoreCase("avro_event")
                || n.equals("org.apache.flume.serialization.FlumeEventAvroEventSerializer$Builder")) {
            return Optional.of(AvroEventSerializer.FACTORY);
        }
        return EventSerializers.forName(n);
    }

    static Validator<String> validator() {
        return new Validator<>() {
            @Override
            public String check(String value) {
                return forName(value).isPresent() ? null : "unknown serializer '" + value.trim()
                        + "'; use TEXT, HEADER_AND_TEXT or AVRO_EVENT";
            }

            @Override
            public String describe() {
                return "one of: TEXT, HEADER_AND_TEXT, AVRO_EVENT";
            }
        };
    }

    static String canonical(String name) {
        return forName(name).map(EventSerializer.Factory::name).orElse(name.toUpperCase(Locale.ROOT));
    }
}
