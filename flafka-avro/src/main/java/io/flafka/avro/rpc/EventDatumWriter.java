package io.flafka.avro.rpc;

import io.flafka.api.Event;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import org.apache.avro.Schema;
import org.apache.avro.io.DatumWriter;
import org.apache.avro.io.Encoder;

/**
 * Encodes a {@code List<Event>} as the request of {@code appendBatch} (an array of
 * {@code AvroFlumeEvent}) or, for a one-element list, of {@code append}, straight from Flafka events.
 * A null header value is sent as an empty string (Avro strings cannot be null). Stateless and
 * thread-safe.
 */
public final class EventDatumWriter implements DatumWriter<Object> {
    private final boolean batch;

    /** @param batch true for {@code appendBatch}'s request, false for {@code append}'s */
    public EventDatumWriter(boolean batch) {
        this.batch = batch;
    }

    @Override
    public void setSchema(Schema schema) {
        // fixed layout
    }

    @Override
    @SuppressWarnings("unchecked")
    public void write(Object datum, Encoder out) throws IOException {
        List<Event> events = (List<Event>) datum;
        if (!batch) {
            if (events.size() != 1) {
                throw new IllegalArgumentException("append sends exactly one event, not " + events.size());
            }
            writeEvent(events.get(0), out);
            return;
        }
        int n = events.size();
        out.writeArrayStart();
        out.setItemCount(n);
        for (int i = 0; i < n; i++) {
            out.startItem();
            writeEvent(events.get(i), out);
        }
        out.writeArrayEnd();
    }

    private static void writeEvent(Event e, Encoder out) throws IOException {
        out.writeMapStart();
        if (e.hasHeaders()) {
            Map<String, String> headers = e.headers();
            out.setItemCount(headers.size());
            for (Map.Entry<String, String> h : headers.entrySet()) {
                out.startItem();
                out.writeString(h.getKey());
                String v = h.getValue();
                out.writeString(v == null ? "" : v);
            }
        } else {
            out.setItemCount(0);
        }
        out.writeMapEnd();
        out.writeBytes(e.body());
    }
}
