package io.flafka.core.interceptor;

import static org.assertj.core.api.Assertions.assertThat;

import io.flafka.api.Event;
import io.flafka.api.Interceptor;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class StaticInterceptorTest {
    private final StaticInterceptor.Provider provider = new StaticInterceptor.Provider();

    @Test
    void providerNamesMatchFlume() {
        assertThat(provider.type()).isEqualTo("static");
        assertThat(provider.aliases()).containsExactly("org.apache.flume.interceptor.StaticInterceptor$Builder");
    }

    @Test
    void defaultsAreKeyAndValue() throws Exception {
        Event e = Interceptors.create(provider, Map.of()).intercept(Event.ofString("x"));
        assertThat(e.headers()).containsExactly(Map.entry("key", "value"));
    }

    @Test
    void preserveExistingIsTheDefault() throws Exception {
        Interceptor i = Interceptors.create(provider, Map.of("key", "dc", "value", "east"));
        List<Event> batch = List.of(Event.of(new byte[0], Map.of("dc", "west")), Event.ofString("b"));
        i.intercept(new java.util.ArrayList<>(batch));
        assertThat(batch.get(0).header("dc")).isEqualTo("west");
        assertThat(batch.get(1).header("dc")).isEqualTo("east");
    }

    @Test
    void overwritesWhenNotPreserving() throws Exception {
        Interceptor i = Interceptors.create(provider, Map.of("key", "dc", "value", "east", "preserveExisting", "false"));
        Event e = i.intercept(Event.of(new byte[0], Map.of("dc", "west")));
        assertThat(e.header("dc")).isEqualTo("east");
    }
}
