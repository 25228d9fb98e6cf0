package io.flafka.avro.rpc;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import org.apache.avro.Protocol;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;

/**
 * Flume's {@code AvroSourceProtocol}, parsed from our own {@code AvroSourceProtocol.avpr}.
 *
 * <p>The declaration matches Flume's protocol to the byte once canonicalised (name, namespace, doc,
 * types, messages), so its MD5, which Avro's handshake exchanges, is the one Flume clients and
 * servers know: a Flume peer completes the handshake in one round trip. Immutable and thread-safe.
 */
public final class FlumeProtocol {
    /** The protocol. */
    public static final Protocol PROTOCOL = load();
    /** The single-event message. */
    public static final String APPEND = "append";
    /** The batch message. */
    public static final String APPEND_BATCH = "appendBatch";
    /** The {@code Status} enum's schema. */
    public static final Schema STATUS_SCHEMA = PROTOCOL.getType("org.apache.flume.source.avro.Status");
    /** The {@code AvroFlumeEvent} record's schema. */
    public static final Schema EVENT_SCHEMA = PROTOCOL.getType("org.apache.flume.source.avro.AvroFlumeEvent");
    /** {@code Status.OK}. */
    public static final GenericData.EnumSymbol OK = new GenericData.EnumSymbol(STATUS_SCHEMA, "OK");
    /** {@code Status.FAILED}. */
    public static final GenericData.EnumSymbol FAILED = new GenericData.EnumSymbol(STATUS_SCHEMA, "FAILED");

    private FlumeProtocol() {
    }

    private static Protocol load() {
        try (InputStream in = FlumeProtocol.class.getResourceAsStream("/io/flafka/avro/AvroSourceProtocol.avpr")) {
            if (in == null) {
                throw new IllegalStateException("AvroSourceProtocol.avpr is missing from the class path");
            }
            return Protocol.parse(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** True when a response object is {@code Status.OK}. */
    public static boolean isOk(Object status) {
        return status != null && "OK".equals(status.toString());
    }
}
