package io.flafka.avro.rpc;

import io.flafka.api.Event;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import org.apache.avro.Schema;
import org.apache.avro.io.DatumReader;
import org.apache.avro.io.Decoder;

/**
 * Decodes the request of {@code append} (one {@code AvroFlumeEvent}) or {@code appendBatch} (an array
 * of them) straight into Flafka {@link Event}s, without an intermediate Avro record per event. Used
 * only when the writer's schema is exactly ours (the normal case); anything else goes through Avro's
 * generic, resolving reader. Returns a mutable {@code List<Event>}. Stateless and thread-safe.
 */
public final class EventDatumReader implements DatumReader<Object> {
    private final boolean batch;

    /** @param batch true for {@code appendBatch}'s request, false for {@code append}'s */
    public EventDatumReader(boolean batch) {
        this.batch = batch;
    }

    @Override
    public void setSchema(Schema schema) {
        // fixed layout; nothing to resolve
    }

    @Override
    public Object read(Object reuse, Decoder in) throws IOException {
        if (!batch) {
            List<Event> one = new ArrayList<>(1);
            one.add(readEvent(in));
            return one;
        }
        long n = in.readArrayStart();
        List<Event> events = new ArrayList<>((int) Math.min(Math.max(n, 0), 10_000));
        while (n > 0) {
            for (long i = 0; i < n; i++) {
                events.add(readEvent(in));
            }
            n = in.arrayNext();
        }
        return events;
    }

    private static Event readEvent(Decoder in) throws IOException {
        Event event = Event.of(null);
        long n = in.readMapStart();
        while (n > 0) {
            for (long i = 0; i < n; i++) {
                String key = in.readString();
                event.headers().put(key, in.readString());
            }
            n = in.mapNext();
        }
        event.body(toArray(in.readBytes(null)));
        return event;
    }

    /** The buffer's bytes, without copying when the buffer is exactly a whole heap array. */
    static byte[] toArray(ByteBuffer b) {
        if (b.hasArray() && b.arrayOffset() == 0 && b.position() == 0 && b.remaining() == b.array().length) {
            return b.array();
        }
        byte[] out = new byte[b.remaining()];
        b.duplicate().get(out);
        return out;
    }
}
