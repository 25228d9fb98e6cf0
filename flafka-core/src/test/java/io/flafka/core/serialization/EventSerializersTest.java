package io.flafka.core.serialization;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.flafka.api.Event;
import io.flafka.api.config.ConfigException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class EventSerializersTest {

    private static String write(EventSerializer.Factory f, Map<String, String> options, Event... events)
            throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        EventSerializer s = f.create(out, options);
        s.afterCreate();
        for (Event e : events) {
            s.write(e);
        }
        s.flush();
        s.beforeClose();
        return out.toString(StandardCharsets.UTF_8);
    }

    @Test
    void findsFlumeNamesInAnyCaseAndBuilderClassNames() {
        assertThat(EventSerializers.forName("TEXT")).contains(BodyTextSerializer.FACTORY);
        assertThat(EventSerializers.forName(" text ")).contains(BodyTextSerializer.FACTORY);
        assertThat(EventSerializers.forName("header_and_text")).contains(HeaderAndBodyTextSerializer.FACTORY);
        assertThat(EventSerializers.forName("HEADER_AND_TEXT")).contains(HeaderAndBodyTextSerializer.FACTORY);
        assertThat(EventSerializers.forName("org.apache.flume.serialization.BodyTextEventSerializer$Builder"))
                .contains(BodyTextSerializer.FACTORY);
        assertThat(EventSerializers.forName(
                "org.apache.flume.serialization.HeaderAndBodyTextEventSerializer$Builder"))
                .contains(HeaderAndBodyTextSerializer.FACTORY);
        assertThat(EventSerializers.forName("avro_event")).isEmpty();
        assertThat(EventSerializers.forName(null)).isEmpty();
    }

    @Test
    void validatorExplainsWhatIsAccepted() {
        assertThat(EventSerializers.validator().check("Text")).isNull();
        assertThat(EventSerializers.validator().check("avro_event")).contains("TEXT, HEADER_AND_TEXT")
                .contains("avro_event is not available");
        assertThat(EventSerializers.validator().check("org.example.Mine")).contains("unknown serializer");
    }

    @Test
    void textWritesBodiesWithOptionalNewline() throws IOException {
        Event a = Event.ofString("a");
        Event b = Event.of("b".getBytes(StandardCharsets.UTF_8), Map.of("h", "v"));
        assertThat(write(BodyTextSerializer.FACTORY, Map.of(), a, b)).isEqualTo("a\nb\n");
        assertThat(write(BodyTextSerializer.FACTORY, Map.of("appendNewline", "false"), a, b)).isEqualTo("ab");
        assertThat(write(BodyTextSerializer.FACTORY, Map.of(), Event.of(new byte[0]))).isEqualTo("\n");
    }

    @Test
    void headerAndTextWritesHeadersMapThenBody() throws IOException {
        Map<String, String> h = new LinkedHashMap<>();
        h.put("k1", "v1");
        Event e = Event.of("body".getBytes(StandardCharsets.UTF_8), h);
        e.header("k2", "v2");
        String out = write(HeaderAndBodyTextSerializer.FACTORY, Map.of(), e, Event.ofString("plain"));
        assertThat(out).isIn("{k1=v1, k2=v2} body\n{} plain\n", "{k2=v2, k1=v1} body\n{} plain\n");
        assertThat(out).startsWith(e.headers().toString() + " body\n");
        assertThat(write(HeaderAndBodyTextSerializer.FACTORY, Map.of("appendNewline", "false"),
                Event.ofString("x"))).isEqualTo("{} x");
    }

    @Test
    void malformedOptionIsAConfigError() {
        assertThatThrownBy(() -> BodyTextSerializer.FACTORY.create(new ByteArrayOutputStream(),
                Map.of("appendNewline", "perhaps"))).isInstanceOf(ConfigException.class)
                .hasMessageContaining("appendNewline");
    }
}
