package io.flafka.kafka.avro;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.flafka.api.Event;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.EncoderFactory;
import org.junit.jupiter.api.Test;

class AvroFlumeEventCodecTest {
    private final AvroFlumeEventCodec codec = AvroFlumeEventCodec.get();

    @Test
    void schemaIsFlumes() {
        assertThat(AvroFlumeEventCodec.SCHEMA.getFullName()).isEqualTo("org.apache.flume.source.avro.AvroFlumeEvent");
    }

    @Test
    void bytesAreIdenticalToAvrosGenericWriter() throws Exception {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("topic", "t1");
        headers.put("key", "k\u00e9y");
        headers.put("timestamp", "1700000000000");
        Event e = Event.of("hello".getBytes(), headers);
        assertThat(codec.encode(e)).isEqualTo(avroEncode(e.headers(), e.body()));
        Event empty = Event.of(new byte[0]);
        assertThat(codec.encode(empty)).isEqualTo(avroEncode(Map.of(), new byte[0]));
    }

    @Test
    void roundTripsHeadersAndBinaryBody() throws Exception {
        byte[] body = new byte[70_000];
        new Random(7).nextBytes(body);
        Event e = Event.of(body, Map.of("a", "1", "b", "", "\u00fc", "\u20ac"));
        Event back = codec.decode(codec.encode(e));
        assertThat(back).isEqualTo(e);
        assertThat(back.body()).isEqualTo(body);
    }

    @Test
    void emptyHeadersDecodeToAHeaderlessEvent() throws Exception {
        Event back = codec.decode(codec.encode(Event.ofString("x")));
        assertThat(back.hasHeaders()).isFalse();
        assertThat(back.bodyAsString()).isEqualTo("x");
    }

    @Test
    void rejectsGarbage() {
        assertThatThrownBy(() -> codec.decode(new byte[] {(byte) 0x02}))
                .isInstanceOf(MalformedEventException.class);
        assertThatThrownBy(() -> codec.decode("plain text, not avro".getBytes()))
                .isInstanceOf(MalformedEventException.class);
    }

    @Test
    void aHugeEventDoesNotBreakLaterOnes() throws Exception {
        byte[] big = new byte[3 << 20];
        assertThat(codec.decode(codec.encode(Event.of(big))).body()).hasSize(big.length);
        assertThat(codec.decode(codec.encode(Event.ofString("small"))).bodyAsString()).isEqualTo("small");
    }

    private static byte[] avroEncode(Map<String, String> headers, byte[] body) throws Exception {
        GenericRecord r = new GenericData.Record(AvroFlumeEventCodec.SCHEMA);
        r.put("headers", headers);
        r.put("body", ByteBuffer.wrap(body));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        BinaryEncoder enc = EncoderFactory.get().binaryEncoder(out, null);
        new GenericDatumWriter<GenericRecord>(AvroFlumeEventCodec.SCHEMA).write(r, enc);
        enc.flush();
        return out.toByteArray();
    }
}
