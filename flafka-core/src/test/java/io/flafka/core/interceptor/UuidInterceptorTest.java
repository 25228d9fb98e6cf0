package io.flafka.core.interceptor;

import static org.assertj.core.api.Assertions.assertThat;

import io.flafka.api.Event;
import io.flafka.api.Interceptor;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class UuidInterceptorTest {
    private final UuidInterceptor.Provider provider = new UuidInterceptor.Provider();

    @Test
    void providerNamesMatchFlume() {
        assertThat(provider.type()).isEqualTo("uuid");
        assertThat(provider.aliases()).containsExactly("org.apache.flume.sink.solr.morphline.UUIDInterceptor$Builder");
    }

    @Test
    void setsARandomUuidInIdByDefault() throws Exception {
        Interceptor i = Interceptors.create(provider, Map.of());
        List<Event> batch = i.intercept(Interceptors.batch("a", "b", "c"));
        Set<String> ids = new HashSet<>();
        for (Event e : batch) {
            String id = e.header("id");
            assertThat(UUID.fromString(id).version()).isEqualTo(4);
            ids.add(id);
        }
        assertThat(ids).hasSize(3);
    }

    @Test
    void prefixAndHeaderName() throws Exception {
        Event e = Interceptors.create(provider, Map.of("headerName", "eventId", "prefix", "a1-"))
                .intercept(Event.ofString("x"));
        assertThat(e.header("eventId")).startsWith("a1-").hasSize(3 + 36);
    }

    @Test
    void preservesExistingByDefault() throws Exception {
        Event e = Interceptors.create(provider, Map.of()).intercept(Event.of(new byte[0], Map.of("id", "mine")));
        assertThat(e.header("id")).isEqualTo("mine");
        Event o = Interceptors.create(provider, Map.of("preserveExisting", "false"))
                .intercept(Event.of(new byte[0], Map.of("id", "mine")));
        assertThat(o.header("id")).isNotEqualTo("mine").hasSize(36);
    }
}
