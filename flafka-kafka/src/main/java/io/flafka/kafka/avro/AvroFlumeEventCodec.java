package io.flafka.kafka.avro;

import io.flafka.api.Event;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.util.HashMap;
import java.util.Map;
import org.apache.avro.AvroRuntimeException;
import org.apache.avro.Schema;
import org.apache.avro.io.BinaryDecoder;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.io.EncoderFactory;

/**
 * Flume's wire format for events in Kafka ({@code useFlumeEventFormat}, {@code parseAsFlumeEvent}):
 * the record {@code org.apache.flume.source.avro.AvroFlumeEvent { map<string> headers; bytes body; }}
 * binary-encoded with Apache Avro, without a container or a schema fingerprint.
 *
 * <p>The encoding is written and read field by field with Avro's binary encoder and decoder, which is
 * byte-for-byte what Avro's generic writer produces for that schema (the schema, in
 * {@code AvroFlumeEvent.avsc}, is parsed once and checked against this layout at class load), without
 * building a generic record per event. Thread-safe: each thread reuses its own encoder, decoder and
 * buffer.
 */
public final class AvroFlumeEventCodec {
    /** The {@code AvroFlumeEvent} schema. */
    public static final Schema SCHEMA = loadSchema();

    private static final AvroFlumeEventCodec INSTANCE = new AvroFlumeEventCodec();

    private final ThreadLocal<Buffers> buffers = ThreadLocal.withInitial(Buffers::new);

    private AvroFlumeEventCodec() {
    }

    /** The shared codec. */
    public static AvroFlumeEventCodec get() {
        return INSTANCE;
    }

    /** Encodes headers and body; an event without headers encodes an empty map. */
    public byte[] encode(Event event) {
        Buffers b = buffers.get();
        b.out.reset();
        BinaryEncoder enc = b.encoder;
        try {
            enc.writeMapStart();
            if (event.hasHeaders()) {
                Map<String, String> headers = event.headers();
                enc.setItemCount(headers.size());
                for (Map.Entry<String, String> h : headers.entrySet()) {
                    enc.startItem();
                    enc.writeString(h.getKey());
                    enc.writeString(h.getValue());
                }
            } else {
                enc.setItemCount(0);
            }
            enc.writeMapEnd();
            enc.writeBytes(event.body());
            enc.flush();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot encode AvroFlumeEvent in memory", e);
        }
        byte[] out = b.out.toByteArray();
        b.trim();
        return out;
    }

    /**
     * Decodes one {@code AvroFlumeEvent}. Bytes after the event are ignored, as Flume does.
     *
     * @throws MalformedEventException when the bytes are truncated or not that record
     */
    public Event decode(byte[] bytes) throws MalformedEventException {
        Buffers b = buffers.get();
        BinaryDecoder dec = DecoderFactory.get().binaryDecoder(bytes, b.decoder);
        b.decoder = dec;
        try {
            Map<String, String> headers = null;
            for (long n = dec.readMapStart(); n != 0; n = dec.mapNext()) {
                if (headers == null) {
                    headers = new HashMap<>((int) Math.min(64, n * 2));
                }
                for (long i = 0; i < n; i++) {
                    String key = dec.readString();
                    headers.put(key, dec.readString());
                }
            }
            ByteBuffer body = dec.readBytes(null);
            return Event.of(toArray(body), headers);
        } catch (IOException | AvroRuntimeException | IndexOutOfBoundsException | NegativeArraySizeException e) {
            throw new MalformedEventException("not a binary AvroFlumeEvent (" + bytes.length + " bytes): " + e, e);
        }
    }

    private static byte[] toArray(ByteBuffer bb) {
        if (bb.hasArray() && bb.arrayOffset() == 0 && bb.position() == 0 && bb.remaining() == bb.array().length) {
            return bb.array();
        }
        byte[] a = new byte[bb.remaining()];
        bb.get(a);
        return a;
    }

    private static Schema loadSchema() {
        try (InputStream in = AvroFlumeEventCodec.class.getResourceAsStream("AvroFlumeEvent.avsc")) {
            if (in == null) {
                throw new IllegalStateException("AvroFlumeEvent.avsc missing from the classpath");
            }
            Schema s = new Schema.Parser().parse(in);
            // The codec writes exactly this layout; fail loudly if the declaration ever drifts.
            boolean layout = s.getFields().size() == 2
                    && s.getFields().get(0).name().equals("headers")
                    && s.getFields().get(0).schema().getType() == Schema.Type.MAP
                    && s.getFields().get(0).schema().getValueType().getType() == Schema.Type.STRING
                    && s.getFields().get(1).name().equals("body")
                    && s.getFields().get(1).schema().getType() == Schema.Type.BYTES;
            if (!layout) {
                throw new IllegalStateException("AvroFlumeEvent.avsc does not match the codec: " + s);
            }
            return s;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** One thread's reusable state. */
    private static final class Buffers {
        private static final int KEEP = 1 << 20;
        ByteArrayOutputStream out = new ByteArrayOutputStream(1024);
        BinaryEncoder encoder = EncoderFactory.get().directBinaryEncoder(out, null);
        BinaryDecoder decoder;

        /** Drops a buffer grown by one huge event so a thread does not pin it forever. */
        void trim() {
            if (out.size() > KEEP) {
                out = new ByteArrayOutputStream(1024);
                encoder = EncoderFactory.get().directBinaryEncoder(out, encoder);
            }
        }
    }
}
