package io.flafka.core.interceptor;

import io.flafka.api.ComponentContext;
import io.flafka.api.ComponentKind;
import io.flafka.api.ComponentProvider;
import io.flafka.api.Event;
import io.flafka.api.Interceptor;
import io.flafka.api.config.Config;
import io.flafka.api.metrics.CounterGroup;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/** Builds interceptors through their providers, as the runtime does. */
final class Interceptors {
    private Interceptors() {
    }

    static ComponentContext context(ComponentProvider<?> provider, Map<String, String> raw) {
        return new ComponentContext("a1", "r1.i1", ComponentKind.INTERCEPTOR,
                Config.parse(provider.configDef(), raw), new CounterGroup("INTERCEPTOR", "r1.i1"));
    }

    static Interceptor create(ComponentProvider<Interceptor> provider, Map<String, String> raw) throws Exception {
        return provider.create(context(provider, raw));
    }

    static Interceptor create(ComponentProvider<Interceptor> provider, ComponentContext context) throws Exception {
        return provider.create(context);
    }

    static List<Event> batch(String... bodies) {
        return new ArrayList<>(Arrays.stream(bodies).map(Event::ofString).toList());
    }

    static List<String> bodies(List<Event> events) {
        return events.stream().map(Event::bodyAsString).toList();
    }
}
