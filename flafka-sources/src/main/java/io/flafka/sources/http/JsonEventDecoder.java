package io.flafka.sources.http;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.flafka.api.Event;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.Charset;
import java.nio.charset.IllegalCharsetNameException;
import java.nio.charset.StandardCharsets;
import java.nio.charset.UnsupportedCharsetException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Flume's {@code JSONHandler} format: a JSON array (even for one event) of
 * {@code {"headers":{"k":"v",...},"body":"text"}}. The request charset comes from the Content-Type's
 * {@code charset} parameter (UTF-8 when absent; UTF-16 and UTF-32 work too) and the body text is
 * encoded back with it, as Flume does. Scalar header values and bodies (numbers, booleans) are taken
 * as their JSON text; null, objects and arrays there are a 400. Other members of an event are ignored.
 *
 * <p>The body is read with Jackson's streaming parser straight into events (no tree per request);
 * UTF-8 bodies are parsed from the bytes without a {@code Reader}.
 */
final class JsonEventDecoder implements HttpEventDecoder {
    private static final String NOT_ARRAY = "body must be a JSON array of {\"headers\":{...},\"body\":\"...\"}";
    private static final JsonFactory JSON = new JsonFactory();
    private static final byte[] EMPTY = new byte[0];

    @Override
    public List<Event> decode(String contentType, Map<String, String> query, byte[] body)
            throws BadRequestException {
        Charset cs = charsetOf(contentType);
        try (JsonParser p = cs.equals(StandardCharsets.UTF_8) ? JSON.createParser(body)
                : JSON.createParser(new InputStreamReader(new ByteArrayInputStream(body), cs))) {
            if (p.nextToken() != JsonToken.START_ARRAY) {
                throw new BadRequestException(NOT_ARRAY);
            }
            List<Event> out = new ArrayList<>();
            JsonToken t;
            while ((t = p.nextToken()) != JsonToken.END_ARRAY) {
                if (t != JsonToken.START_OBJECT) {
                    throw new BadRequestException("element " + out.size() + " is not an object");
                }
                out.add(readEvent(p, out.size(), cs));
            }
            return out;
        } catch (JsonProcessingException e) {
            throw new BadRequestException("body is not valid JSON: " + e.getOriginalMessage());
        } catch (IOException e) {
            throw new BadRequestException("body cannot be read: " + e.getMessage());
        }
    }

    /** Reads one {@code {"headers":..., "body":...}} object; the parser is on its START_OBJECT. */
    private static Event readEvent(JsonParser p, int index, Charset cs) throws IOException, BadRequestException {
        Event event = Event.of(EMPTY);
        String name;
        while ((name = p.nextFieldName()) != null) {
            JsonToken v = p.nextToken();
            if ("headers".equals(name)) {
                readHeaders(p, v, event, index);
            } else if ("body".equals(name)) {
                if (v == JsonToken.VALUE_NULL) {
                    event.body(EMPTY);
                } else if (v.isScalarValue()) {
                    event.body(bodyBytes(p, cs));
                } else {
                    throw new BadRequestException("element " + index + ": body must be a string");
                }
            } else {
                p.skipChildren(); // an unknown member: ignored, as Flume does
            }
        }
        return event;
    }

    /**
     * The current value's text encoded with the request's charset. ASCII text bound for UTF-8 (the usual
     * case) is copied from the parser's buffer straight into the body, without a String in between.
     */
    private static byte[] bodyBytes(JsonParser p, Charset cs) throws IOException {
        if (cs.equals(StandardCharsets.UTF_8)) {
            char[] text = p.getTextCharacters();
            int off = p.getTextOffset();
            int len = p.getTextLength();
            byte[] out = new byte[len];
            for (int k = 0; k < len; k++) {
                char c = text[off + k];
                if (c >= 0x80) {
                    return new String(text, off, len).getBytes(cs);
                }
                out[k] = (byte) c;
            }
            return out;
        }
        return p.getText().getBytes(cs);
    }

    private static void readHeaders(JsonParser p, JsonToken v, Event event, int index)
            throws IOException, BadRequestException {
        if (v == JsonToken.VALUE_NULL) {
            if (event.hasHeaders()) {
                event.headers().clear(); // a later "headers": null replaces an earlier object
            }
            return;
        }
        if (v != JsonToken.START_OBJECT) {
            throw new BadRequestException("element " + index + ": headers must be an object");
        }
        if (event.hasHeaders()) {
            event.headers().clear(); // a repeated "headers" member: the last one counts
        }
        String key;
        while ((key = p.nextFieldName()) != null) {
            JsonToken hv = p.nextToken();
            if (hv == JsonToken.VALUE_NULL || !hv.isScalarValue()) {
                throw new BadRequestException("element " + index + ": header '" + key + "' must be a string");
            }
            event.headers().put(key, p.getText());
        }
    }

    static Charset charsetOf(String contentType) throws BadRequestException {
        if (contentType == null) {
            return StandardCharsets.UTF_8;
        }
        for (String part : contentType.split(";")) {
            String p = part.trim();
            if (p.toLowerCase(Locale.ROOT).startsWith("charset=")) {
                String name = p.substring("charset=".length()).trim().replace("\"", "");
                try {
                    return Charset.forName(name);
                } catch (IllegalCharsetNameException | UnsupportedCharsetException e) {
                    throw new BadRequestException("unsupported charset '" + name + "'");
                }
            }
        }
        return StandardCharsets.UTF_8;
    }
}
