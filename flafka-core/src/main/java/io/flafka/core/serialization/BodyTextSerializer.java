package io.flafka.core.serialization;

import io.flafka.api.Event;
import java.io.IOException;
import java.io.OutputStream;
import java.util.Map;

/**
 * Flume's {@code TEXT} format: the body bytes as they are, followed by a newline unless
 * {@code appendNewline = false}. Appending to an existing file is safe.
 */
public final class BodyTextSerializer implements EventSerializer {
    /** Makes {@code TEXT} serializers. */
    public static final Factory FACTORY = new Factory() {
        @Override
        public String name() {
            return "TEXT";
        }

        @Override
        public EventSerializer create(OutputStream out, Map<String, String> options) {
            return new BodyTextSerializer(out, SerializerOptions.appendNewline(options));
        }
    };

    private final OutputStream out;
    private final boolean appendNewline;

    public BodyTextSerializer(OutputStream out, boolean appendNewline) {
        this.out = out;
        this.appendNewline = appendNewline;
    }

    @Override
    public void write(Event event) throws IOException {
        out.write(event.body());
        if (appendNewline) {
            out.write('\n');
        }
    }
}
