package io.flafka.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class EventTest {

    @Test
    void headersAreLazyAndMutable() {
        Event e = Event.ofString("hello");
        assertThat(e.hasHeaders()).isFalse();
        assertThat(e.header("x")).isNull();
        assertThat(e.hasHeaders()).isFalse();
        e.header("x", "1");
        assertThat(e.headers()).containsEntry("x", "1");
        e.header("x", null);
        assertThat(e.hasHeaders()).isFalse();
        assertThat(e.bodyAsString()).isEqualTo("hello");
    }

    @Test
    void copyHasItsOwnHeaders() {
        Event e = Event.of(new byte[] {1, 2}, Map.of("a", "b"));
        Event c = e.copy();
        c.header("a", "z");
        assertThat(e.header("a")).isEqualTo("b");
        assertThat(c).isNotEqualTo(e);
        c.header("a", "b");
        assertThat(c).isEqualTo(e).hasSameHashCodeAs(e);
    }

    @Test
    void sizeCountsHeadersAndBody() {
        Event e = Event.of(new byte[10], Map.of("ab", "cde"));
        assertThat(e.sizeInBytes()).isEqualTo(10 + 2 * 5);
    }

    @Test
    void defaultBatchInterceptRemovesDroppedEventsInPlace() {
        Interceptor dropOdd = ev -> ev.body().length % 2 == 1 ? null : ev;
        List<Event> batch = new ArrayList<>(List.of(Event.ofString("a"), Event.ofString("bb"),
                Event.ofString("ccc"), Event.ofString("dddd")));
        List<Event> out = dropOdd.intercept(batch);
        assertThat(out).extracting(Event::bodyAsString).containsExactly("bb", "dddd");
    }
}
