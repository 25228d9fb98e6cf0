package io.flafka.sources.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.flafka.api.Event;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class JsonEventDecoderTest {
    private final JsonEventDecoder decoder = new JsonEventDecoder();

    private List<Event> decode(String contentType, String json, Charset cs) throws BadRequestException {
        return decoder.decode(contentType, Map.of(), json.getBytes(cs));
    }

    private List<Event> decode(String json) throws BadRequestException {
        return decode(null, json, StandardCharsets.UTF_8);
    }

    private static String reason(String json) {
        try {
            new JsonEventDecoder().decode(null, Map.of(), json.getBytes(StandardCharsets.UTF_8));
        } catch (BadRequestException e) {
            assertThat(e.status()).isEqualTo(400);
            return e.getMessage();
        }
        throw new AssertionError("accepted: " + json);
    }

    @Test
    void eventsWithHeadersAndBodies() throws Exception {
        List<Event> events = decode("[{\"headers\":{\"a\":\"b\",\"c\":\"d\"},\"body\":\"one\"},"
                + "{\"body\":\"two\",\"headers\":{}},{\"headers\":{\"x\":\"y\"}},{}]");
        assertThat(events).hasSize(4);
        assertThat(events.get(0).bodyAsString()).isEqualTo("one");
        assertThat(events.get(0).headers()).containsExactlyInAnyOrderEntriesOf(Map.of("a", "b", "c", "d"));
        assertThat(events.get(1).bodyAsString()).isEqualTo("two");
        assertThat(events.get(1).hasHeaders()).isFalse();
        assertThat(events.get(2).body()).isEmpty();
        assertThat(events.get(2).headers()).containsExactlyEntriesOf(Map.of("x", "y"));
        assertThat(events.get(3).body()).isEmpty();
        assertThat(events.get(3).hasHeaders()).isFalse();
        assertThat(decode("[]")).isEmpty();
        assertThat(decode(" [ ] ")).isEmpty();
    }

    @Test
    void scalarValuesAreTakenAsTheirTextAndNullBodiesAsEmpty() throws Exception {
        Event e = decode("[{\"headers\":{\"n\":1,\"f\":2.5,\"t\":true},\"body\":42}]").get(0);
        assertThat(e.headers()).containsEntry("n", "1").containsEntry("f", "2.5").containsEntry("t", "true");
        assertThat(e.bodyAsString()).isEqualTo("42");
        Event nulls = decode("[{\"headers\":null,\"body\":null}]").get(0);
        assertThat(nulls.body()).isEmpty();
        assertThat(nulls.hasHeaders()).isFalse();
    }

    @Test
    void unknownMembersAreSkippedWhateverTheirShape() throws Exception {
        List<Event> events = decode("[{\"extra\":{\"deep\":[1,{\"body\":\"no\"}]},\"body\":\"yes\",\"more\":[[]],"
                + "\"headers\":{\"k\":\"v\"},\"last\":null}]");
        assertThat(events).hasSize(1);
        assertThat(events.get(0).bodyAsString()).isEqualTo("yes");
        assertThat(events.get(0).headers()).containsExactlyEntriesOf(Map.of("k", "v"));
    }

    @Test
    void escapesAndNonAsciiTextSurvive() throws Exception {
        Event e = decode("[{\"headers\":{\"q\\\"k\":\"a\\nb\"},\"body\":\"caf\\u00e9 \u20ac \\\\ \\\"\"}]").get(0);
        assertThat(e.headers()).containsEntry("q\"k", "a\nb");
        assertThat(e.bodyAsString()).isEqualTo("caf\u00e9 \u20ac \\ \"");
        Event ascii = decode("[{\"body\":\"tab\\there \\\"q\\\" \\u0041\"}]").get(0);
        assertThat(ascii.bodyAsString()).isEqualTo("tab\there \"q\" A");
        Event emoji = decode("[{\"body\":\"\ud83d\ude00 \\ud83d\\ude01\"}]").get(0);
        assertThat(emoji.bodyAsString()).isEqualTo("\ud83d\ude00 \ud83d\ude01");
    }

    @Test
    void theContentTypeCharsetDecodesTheRequestAndEncodesTheBody() throws Exception {
        for (Charset cs : List.of(StandardCharsets.UTF_16, StandardCharsets.UTF_16LE, Charset.forName("UTF-32"),
                StandardCharsets.ISO_8859_1)) {
            Event e = decode("application/json; charset=\"" + cs.name() + "\"",
                    "[{\"headers\":{\"h\":\"\u00e9\"},\"body\":\"caf\u00e9\"}]", cs).get(0);
            assertThat(e.body()).as(cs.name()).isEqualTo("caf\u00e9".getBytes(cs));
            assertThat(e.headers()).as(cs.name()).containsEntry("h", "\u00e9");
        }
        assertThatThrownBy(() -> decode("application/json; charset=nope", "[]", StandardCharsets.UTF_8))
                .isInstanceOf(BadRequestException.class).hasMessageContaining("unsupported charset 'nope'");
    }

    @Test
    void malformedRequestsAreRefusedWithTheirReason() {
        assertThat(reason("")).contains("JSON array");
        assertThat(reason("{\"body\":\"x\"}")).contains("JSON array");
        assertThat(reason("\"text\"")).contains("JSON array");
        assertThat(reason("[{\"body\":")).contains("not valid JSON");
        assertThat(reason("[{\"body\":\"x\"} {\"body\":\"y\"}]")).contains("not valid JSON");
        assertThat(reason("[{\"body\":\"x\"},]")).contains("not valid JSON");
        assertThat(reason("[{\"body\":\"x\"},\"y\"]")).isEqualTo("element 1 is not an object");
        assertThat(reason("[[]]")).isEqualTo("element 0 is not an object");
        assertThat(reason("[{\"headers\":[]}]")).isEqualTo("element 0: headers must be an object");
        assertThat(reason("[{\"headers\":\"a\"}]")).isEqualTo("element 0: headers must be an object");
        assertThat(reason("[{\"headers\":{\"a\":{}}}]")).isEqualTo("element 0: header 'a' must be a string");
        assertThat(reason("[{\"headers\":{\"a\":[\"b\"]}}]")).isEqualTo("element 0: header 'a' must be a string");
        assertThat(reason("[{\"headers\":{\"a\":null}}]")).isEqualTo("element 0: header 'a' must be a string");
        assertThat(reason("[{},{\"body\":{}}]")).isEqualTo("element 1: body must be a string");
        assertThat(reason("[{\"body\":[\"a\"]}]")).isEqualTo("element 0: body must be a string");
    }
}
