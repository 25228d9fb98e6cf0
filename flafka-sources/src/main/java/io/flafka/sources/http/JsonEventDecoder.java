package io.flafka.sources.http;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.flafka.api.Event;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.Charset;
import java.nio.charset.IllegalCharsetNameException;
import java.nio.charset.StandardCharsets;
import java.nio.charset.UnsupportedCharsetException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Flume's {@code JSONHandler} format: a JSON array (even for one event) of
 * {@code {"headers":{"k":"v",...},"body":"text"}}. The request charset comes from the Content-Type's
 * {@code charset} parameter (UTF-8 when absent; UTF-16 and UTF-32 work too) and the body text is
 * encoded back with it, as Flume does. Scalar header values are taken as text; anything else is a 400.
 */
final class JsonEventDecoder implements HttpEventDecoder {
    private static final ObjectMapper JSON = new ObjectMapper().disable(JsonParser.Feature.AUTO_CLOSE_SOURCE);

    @Override
    public List<Event> decode(String contentType, Map<String, String> query, byte[] body)
            throws BadRequestException {
        Charset cs = charsetOf(contentType);
        JsonNode root;
        try {
            root = JSON.readTree(new InputStreamReader(new java.io.ByteArrayInputStream(body), cs));
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new BadRequestException("body is not valid JSON: " + e.getOriginalMessage());
        } catch (IOException e) {
            throw new BadRequestException("body cannot be read: " + e.getMessage());
        }
        if (root == null || !root.isArray()) {
            throw new BadRequestException("body must be a JSON array of {\"headers\":{...},\"body\":\"...\"}");
        }
        List<Event> out = new ArrayList<>(root.size());
        int i = 0;
        for (JsonNode item : root) {
            if (!item.isObject()) {
                throw new BadRequestException("element " + i + " is not an object");
            }
            Map<String, String> headers = new HashMap<>();
            JsonNode h = item.get("headers");
            if (h != null && !h.isNull()) {
                if (!h.isObject()) {
                    throw new BadRequestException("element " + i + ": headers must be an object");
                }
                for (Iterator<Map.Entry<String, JsonNode>> it = h.fields(); it.hasNext(); ) {
                    Map.Entry<String, JsonNode> e = it.next();
                    if (!e.getValue().isValueNode() || e.getValue().isNull()) {
                        throw new BadRequestException("element " + i + ": header '" + e.getKey()
                                + "' must be a string");
                    }
                    headers.put(e.getKey(), e.getValue().asText());
                }
            }
            JsonNode b = item.get("body");
            if (b != null && !b.isNull() && !b.isValueNode()) {
                throw new BadRequestException("element " + i + ": body must be a string");
            }
            byte[] bytes = b == null || b.isNull() ? new byte[0] : b.asText().getBytes(cs);
            out.add(Event.of(bytes, headers));
            i++;
        }
        return out;
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
