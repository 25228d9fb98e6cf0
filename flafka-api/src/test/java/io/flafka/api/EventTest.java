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
    void deferredHeadersAreBuiltOnceWhenFirstReadAndSizedWithoutBuilding() {
        int[] built = {0};
        DeferredHeaders deferred = new DeferredHeaders() {
            @Override
            public void addTo(Map<String, String> headers) {
                built[0]++;
                headers.putIfAbsent("topic", "t");
            }

            @Override
            public long sizeInBytes() {
                return 2 * 6;
            }
        };
        Event e = Event.of(new byte[3], deferred);
        assertThat(e.sizeInBytes()).isEqualTo(3 + 12);
        assertThat(built[0]).isZero();
        assertThat(e.header("topic")).isEqualTo("t");
        assertThat(e.hasHeaders()).isTrue();
        e.header("topic", "u");
        assertThat(e.headers()).containsExactly(Map.entry("topic", "u"));
        assertThat(built[0]).isEqualTo(1);
        assertThat(e.sizeInBytes()).isEqualTo(3 + 12);
    }

    @Test
    void deferredHeadersAreBuiltBeforeAnyChangeCopyOrComparison() {
        DeferredHeaders deferred = new DeferredHeaders() {
            @Override
            public void addTo(Map<String, String> headers) {
                headers.putIfAbsent("a", "deferred");
                headers.putIfAbsent("b", "deferred");
            }

            @Override
            public long sizeInBytes() {
                return 0;
            }
        };
        Event set = Event.of(new byte[] {1}, deferred);
        set.header("a", "mine"); // set after the deferred headers: it wins
        assertThat(set.headers()).containsEntry("a", "mine").containsEntry("b", "deferred");
        Event copied = Event.of(new byte[] {1}, deferred).copy();
        assertThat(copied.headers()).containsEntry("a", "deferred").hasSize(2);
        assertThat(Event.of(new byte[] {1}, deferred))
                .isEqualTo(Event.of(new byte[] {1}, Map.of("a", "deferred", "b", "deferred")))
                .hasSameHashCodeAs(Event.of(new byte[] {1}, Map.of("a", "deferred", "b", "deferred")));
        assertThat(Event.of(new byte[] {1}, deferred).toString()).contains("a=deferred");
    }

    @Test
    void deferredHeadersAreBuiltOnceWhenSeveralThreadsReadThemAtOnce() throws Exception {
        for (int round = 0; round < 200; round++) {
            java.util.concurrent.atomic.AtomicInteger built = new java.util.concurrent.atomic.AtomicInteger();
            Event e = Event.of(new byte[1], new DeferredHeaders() {
                @Override
                public void addTo(Map<String, String> headers) {
                    built.incrementAndGet();
                    for (int i = 0; i < 20; i++) {
                        headers.put("h" + i, Integer.toString(i));
                    }
                }

                @Override
                public long sizeInBytes() {
                    return 0;
                }
            });
            java.util.concurrent.CountDownLatch go = new java.util.concurrent.CountDownLatch(1);
            List<Thread> readers = new ArrayList<>();
            List<String> seen = java.util.Collections.synchronizedList(new ArrayList<>());
            for (int t = 0; t < 3; t++) {
                Thread th = new Thread(() -> {
                    try {
                        go.await();
                    } catch (InterruptedException ex) {
                        return;
                    }
                    seen.add(e.header("h19"));
                });
                th.start();
                readers.add(th);
            }
            go.countDown();
            for (Thread th : readers) {
                th.join();
            }
            assertThat(seen).containsExactly("19", "19", "19");
            assertThat(built.get()).isEqualTo(1);
        }
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
