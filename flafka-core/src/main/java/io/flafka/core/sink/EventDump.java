package io.flafka.core.sink;

import io.flafka.api.Event;

/**
 * Formats an event for a log line: {@code { headers:{k=v} body: 48 65 6C 6C 6F  Hello }}. The body
 * is cut to a maximum number of bytes; non-printable bytes show as {@code .} in the text part.
 */
final class EventDump {
    private static final char[] HEX = "0123456789ABCDEF".toCharArray();

    private EventDump() {
    }

    static String dump(Event event, int maxBytes) {
        byte[] body = event.body();
        int n = Math.min(body.length, maxBytes);
        StringBuilder sb = new StringBuilder(32 + n * 4);
        sb.append("{ headers:").append(event.hasHeaders() ? event.headers().toString() : "{}").append(" body:");
        for (int i = 0; i < n; i++) {
            int b = body[i] & 0xFF;
            sb.append(' ').append(HEX[b >>> 4]).append(HEX[b & 0xF]);
        }
        sb.append("  ");
        for (int i = 0; i < n; i++) {
            int b = body[i] & 0xFF;
            sb.append(b >= 0x20 && b < 0x7F ? (char) b : '.');
        }
        if (body.length > n) {
            sb.append(" ... (").append(body.length).append(" bytes)");
        }
        return sb.append(" }").toString();
    }
}
