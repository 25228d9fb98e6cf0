package io.flafka.hdfs;

import io.flafka.api.Event;
import io.flafka.api.config.ConfigException;
import io.flafka.core.serialization.EventSerializer;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.util.HashMap;
import java.util.Map;
import org.apache.avro.AvroRuntimeException;
import org.apache.avro.Schema;
import org.apache.avro.SchemaBuilder;
import org.apache.avro.file.CodecFactory;
import org.apache.avro.file.DataFileWriter;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.generic.GenericRecord;

/**
 * Flume's {@code avro_event} format: an Avro container file of records
 * {@code Event {headers: map<string>, body: bytes}}. Options: {@code syncIntervalBytes} (default
 * 2048000) and {@code compressionCodec} (Avro's names: null, deflate, snappy, bzip2, xz, zstandard).
 * A file cannot be appended to once closed ({@link #supportsReopen()} is false).
 *
 * <p>Used by the sink's runner thread only.
 */
final class AvroEventSerializer implements EventSerializer {
    /** The record schema Flume writes. */
    static final Schema SCHEMA = SchemaBuilder.record("Event").namespace("org.apache.flume")
            .fields()
            .name("headers").type().map().values().stringType().noDefault()
            .name("body").type().bytesType().noDefault()
            .endRecord();

    static final EventSerializer.Factory FACTORY = new EventSerializer.Factory() {
        @Override
        public String name() {
            return "AVRO_EVENT";
        }

        @Override
        public EventSerializer create(OutputStream out, Map<String, String> options) {
            return new AvroEventSerializer(out, syncInterval(options), codec(options));
        }
    };

    private final OutputStream out;
    private final int syncIntervalBytes;
    private final CodecFactory codec;
    private final DataFileWriter<GenericRecord> writer;
    // reused per event: the serializer belongs to one thread
    private final GenericRecord record = new GenericData.Record(SCHEMA);
    private final Map<CharSequence, CharSequence> headers = new HashMap<>();

    AvroEventSerializer(OutputStream out, int syncIntervalBytes, CodecFactory codec) {
        this.out = out;
        this.syncIntervalBytes = syncIntervalBytes;
        this.codec = codec;
        this.writer = new DataFileWriter<>(new GenericDatumWriter<>(SCHEMA));
    }

    @Override
    public void afterCreate() throws IOException {
        writer.setSyncInterval(syncIntervalBytes);
        writer.setCodec(codec);
        writer.create(SCHEMA, out);
    }

    @Override
    public void afterReopen() {
        throw new UnsupportedOperationException("avro_event files cannot be appended to");
    }

    @Override
    public void write(Event event) throws IOException {
        headers.clear();
        if (event.hasHeaders()) {
            headers.putAll(event.headers());
        }
        record.put("headers", headers);
        record.put("body", ByteBuffer.wrap(event.body()));
        writer.append(record);
    }

    @Override
    public void flush() throws IOException {
        writer.flush();
    }

    @Override
    public void beforeClose() throws IOException {
        // DataFileWriter.close() would close the sink's stream; flushing writes the last block
        writer.flush();
    }

    @Override
    public boolean supportsReopen() {
        return false;
    }

    private static int syncInterval(Map<String, String> options) {
        String v = options.get("syncIntervalBytes");
        if (v == null) {
            return 2_048_000;
        }
        try {
            int n = Integer.parseInt(v.trim());
            if (n < 32) {
                throw new ConfigException("serializer.syncIntervalBytes", "must be at least 32 (was " + v + ")");
            }
            return n;
        } catch (NumberFormatException e) {
            throw new ConfigException("serializer.syncIntervalBytes", "'" + v + "' is not an integer");
        }
    }

    private static CodecFactory codec(Map<String, String> options) {
        String v = options.get("compressionCodec");
        if (v == null || v.isBlank()) {
            return CodecFactory.nullCodec();
        }
        try {
            return CodecFactory.fromString(v.trim().toLowerCase(java.util.Locale.ROOT));
        } catch (AvroRuntimeException e) {
            throw new ConfigException("serializer.compressionCodec", "unknown Avro codec '" + v
                    + "'; use null, deflate, snappy, bzip2, xz or zstandard");
        }
    }
}
