package io.flafka.sources.spooldir;

import io.flafka.api.Event;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.apache.avro.Schema;
import org.apache.avro.SchemaNormalization;
import org.apache.avro.file.DataFileReader;
import org.apache.avro.file.SeekableFileInput;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.EncoderFactory;

/**
 * One event per record of an Avro container file (Flume's {@code AVRO} deserializer): the body is the
 * record in Avro binary encoding, and the schema travels in the header {@code flume.avro.schema.hash}
 * (hex of its CRC-64-AVRO parsing fingerprint) or {@code flume.avro.schema.literal} (the schema JSON).
 * The mark is the start of the current block (a sync point) and the records already read in it.
 */
final class AvroContainerDeserializer implements SpoolDeserializer {
    static final String HASH_HEADER = "flume.avro.schema.hash";
    static final String LITERAL_HEADER = "flume.avro.schema.literal";

    private final DataFileReader<GenericRecord> reader;
    private final GenericDatumWriter<GenericRecord> writer;
    private final String headerName;
    private final String headerValue;
    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    private BinaryEncoder encoder;
    private long blockStart;
    private long readInBlock;

    AvroContainerDeserializer(Path file, Mark mark, boolean literal) throws IOException {
        this.reader = new DataFileReader<>(new SeekableFileInput(file.toFile()), new GenericDatumReader<>());
        Schema schema = reader.getSchema();
        this.writer = new GenericDatumWriter<>(schema);
        if (literal) {
            headerName = LITERAL_HEADER;
            headerValue = schema.toString();
        } else {
            headerName = HASH_HEADER;
            try {
                headerValue = HexFormat.of().formatHex(SchemaNormalization.parsingFingerprint("CRC-64-AVRO", schema));
            } catch (java.security.NoSuchAlgorithmException e) {
                throw new IllegalStateException("Avro's CRC-64-AVRO fingerprint is missing", e);
            }
        }
        blockStart = reader.previousSync();
        if (mark.pos() > 0) {
            reader.seek(mark.pos());
            blockStart = mark.pos();
            for (long i = 0; i < mark.skip() && reader.hasNext(); i++) {
                reader.next();
            }
            readInBlock = mark.skip();
        }
    }

    @Override
    public List<Event> read(int max) throws IOException {
        List<Event> out = new ArrayList<>(Math.min(max, 1024));
        GenericRecord reuse = null;
        while (out.size() < max && reader.hasNext()) {
            long sync = reader.previousSync();
            if (sync != blockStart) {
                blockStart = sync;
                readInBlock = 0;
            }
            reuse = reader.next(reuse);
            readInBlock++;
            bytes.reset();
            encoder = EncoderFactory.get().binaryEncoder(bytes, encoder);
            writer.write(reuse, encoder);
            encoder.flush();
            Event e = Event.of(bytes.toByteArray());
            e.header(headerName, headerValue);
            out.add(e);
        }
        return out;
    }

    @Override
    public Mark mark() {
        return new Mark(blockStart, readInBlock);
    }

    @Override
    public void close() throws IOException {
        reader.close();
    }
}
