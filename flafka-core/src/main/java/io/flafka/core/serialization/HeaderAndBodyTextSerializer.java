package io.flafka.core.serialization;

import io.flafka.api.Event;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Iterator;
import java.util.Map;

/**
 * Flume's {@code HEADER_AND_TEXT} format: the headers as {@code {k1=v1, k2=v2}} (a map's usual
 * printed form; {@code {}} when there are none), one space, the body bytes, then a newline unless
 * {@code appendNewline = false}. Appending to an existing file is safe.
 */
public final class HeaderAndBodyTextSerializer implements EventSerializer {
    /** Makes {@code HEADER_AND_TEXT} serializers. */
    public static final Factory FACTORY = new Factory() {
        @Override
        public String name() {
            return "HEADER_AND_TEXT";
        }

        @Override
        public EventSerializer create(OutputStream out, Map<String, String> options) {
            return new HeaderAndBodyTextSerializer(out, SerializerOptions.appendNewline(options));
        }
    };

    private static final byte[] NO_HEADERS = "{} ".getBytes(StandardCharsets.UTF_8);

    private final OutputStream out;
    private final boolean appendNewline;
    // reused across events: the serializer belongs to one sink thread
    private final StringBuilder text = new StringBuilder(128);

    public HeaderAndBodyTextSerializer(OutputStream out, boolean appendNewline) {
        this.out = out;
        this.appendNewline = appendNewline;
    }

    @Override
    public void write(Event event) throws IOException {
        if (event.hasHeaders()) {
            out.write(headerText(event.headers()).getBytes(StandardCharsets.UTF_8));
        } else {
            out.write(NO_HEADERS);
        }
        out.write(event.body());
        if (appendNewline) {
            out.write('\n');
        }
    }

    private String headerText(Map<String, String> headers) {
        text.setLength(0);
        text.append('{');
        Iterator<Map.Entry<String, String>> it = headers.entrySet().iterator();
        while (it.hasNext()) {
            Map.Entry<String, String> e = it.next();
            text.append(e.getKey()).append('=').append(e.getValue());
            if (it.hasNext()) {
                text.append(", ");
            }
        }
        return text.append("} ").toString();
    }
}
