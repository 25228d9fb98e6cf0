package io.flafka.core.interceptor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.flafka.api.Event;
import io.flafka.api.Interceptor;
import io.flafka.api.config.ConfigException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class TimestampInterceptorTest {
    private final TimestampInterceptor.Provider provider = new TimestampInterceptor.Provider();

    @Test
    void providerNamesMatchFlume() {
        assertThat(provider.type()).isEqualTo("timestamp");
        assertThat(provider.aliases()).containsExactly("org.apache.flume.interceptor.TimestampInterceptor$Builder");
    }

    @Test
    void setsTimestampHeaderByDefault() throws Exception {
        Interceptor i = Interceptors.create(provider, Map.of());
        long before = System.currentTimeMillis();
        Event e = i.intercept(Event.ofString("x"));
        long at = Long.parseLong(e.header("timestamp"));
        assertThat(at).isBetween(before, System.currentTimeMillis());
    }

    @Test
    void overwritesExistingUnlessPreserveExisting() {
        AtomicLong clock = new AtomicLong(42);
        Event e = Event.of(new byte[0], Map.of("ts", "7"));
        new TimestampInterceptor("ts", false, clock::get).intercept(e);
        assertThat(e.header("ts")).isEqualTo("42");

        Event kept = Event.of(new byte[0], Map.of("ts", "7"));
        new TimestampInterceptor("ts", true, clock::get).intercept(kept);
        assertThat(kept.header("ts")).isEqualTo("7");
        Event fresh = Event.ofString("y");
        new TimestampInterceptor("ts", true, clock::get).intercept(fresh);
        assertThat(fresh.header("ts")).isEqualTo("42");
    }

    @Test
    void readsKeysThroughTheProvider() throws Exception {
        Interceptor i = Interceptors.create(provider, Map.of("headerName", "when", "preserveExisting", "true"));
        Event e = Event.of(new byte[0], Map.of("when", "1"));
        i.intercept(e);
        assertThat(e.header("when")).isEqualTo("1");
        assertThat(e.header("timestamp")).isNull();
    }

    @Test
    void batchReadsTheClockOnceAndKeepsTheList() {
        AtomicLong reads = new AtomicLong();
        TimestampInterceptor i = new TimestampInterceptor("timestamp", false, () -> 1000 + reads.incrementAndGet());
        List<Event> batch = Interceptors.batch("a", "b", "c");
        List<Event> out = i.intercept(batch);
        assertThat(out).isSameAs(batch).hasSize(3);
        assertThat(reads.get()).isEqualTo(1);
        assertThat(out).allSatisfy(e -> assertThat(e.header("timestamp")).isEqualTo("1001"));
    }

    @Test
    void rejectsBadConfig() {
        assertThatThrownBy(() -> Interceptors.create(provider, Map.of("preserveExisting", "maybe")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("preserveExisting");
        assertThatThrownBy(() -> Interceptors.create(provider, Map.of("headerNam", "x")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("did you mean 'headerName'");
    }
}
