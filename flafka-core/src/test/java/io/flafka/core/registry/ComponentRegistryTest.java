package io.flafka.core.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.flafka.api.ComponentContext;
import io.flafka.api.ComponentKind;
import io.flafka.api.ComponentProvider;
import io.flafka.api.Event;
import io.flafka.api.Interceptor;
import io.flafka.api.config.Config;
import io.flafka.api.metrics.CounterGroup;
import io.flafka.core.config.TestProviders;
import io.flafka.core.config.UserInterceptorBuilder;
import io.flafka.core.config.UserSource;
import java.net.URL;
import java.net.URLClassLoader;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ComponentRegistryTest {
    private final ComponentRegistry registry = TestProviders.registry();

    @Test
    void resolvesTypeNamesCaseInsensitively() {
        assertThat(registry.resolve(ComponentKind.CHANNEL, "test-memory")).get()
                .extracting(ComponentFactory::typeName).isEqualTo("test-memory");
        assertThat(registry.resolve(ComponentKind.CHANNEL, "TEST-Memory")).isPresent();
        assertThat(registry.resolve(ComponentKind.CHANNEL, " test-memory ")).isPresent();
        assertThat(registry.resolve(ComponentKind.SOURCE, "test-memory")).isEmpty();
    }

    @Test
    void resolvesWordAliasesCaseInsensitivelyAndClassNameAliasesExactly() {
        ComponentRegistry r = ComponentRegistry.of(List.of(
                TestProviders.channel("test-alias", "test-alias-word", "com.example.flume.AliasChannel")));
        assertThat(r.resolve(ComponentKind.CHANNEL, "TEST-ALIAS-WORD")).get()
                .extracting(ComponentFactory::typeName).isEqualTo("test-alias");
        assertThat(r.resolve(ComponentKind.CHANNEL, "com.example.flume.AliasChannel")).isPresent();
        assertThat(r.resolve(ComponentKind.CHANNEL, "com.example.flume.aliaschannel")).isEmpty();
    }

    @Test
    void unknownTypeSuggestsTheClosestName() {
        ComponentRegistry.Resolution r = registry.lookup(ComponentKind.SOURCE, "test-netkat");
        assertThat(r.found()).isFalse();
        assertThat(r.problem()).isEqualTo("unknown source type 'test-netkat'; did you mean 'test-netcat'?");
        assertThat(registry.lookup(ComponentKind.SINK, "com.nowhere.Sink").problem())
                .startsWith("unknown sink type 'com.nowhere.Sink'");
    }

    @Test
    void twoProvidersClaimingOneNameFailNamingBothClasses() {
        ComponentProvider<?> a = TestProviders.channel("test-one", "shared");
        ComponentProvider<?> b = TestProviders.channel("test-two", "SHARED");
        assertThatThrownBy(() -> ComponentRegistry.of(List.of(a, b)))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("'SHARED'")
                .hasMessageContaining(a.getClass().getName())
                .hasMessageContaining(b.getClass().getName());
        ComponentProvider<?> c = TestProviders.channel("test-three");
        ComponentProvider<?> d = TestProviders.channel("Test-Three");
        assertThatThrownBy(() -> ComponentRegistry.of(List.of(c, d))).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void sameNameInDifferentKindsIsFine() {
        ComponentRegistry r = ComponentRegistry.of(List.of(new TestProviders.DefaultProcessor(),
                TestProviders.channel("default")));
        assertThat(r.resolve(ComponentKind.CHANNEL, "default")).isPresent();
        assertThat(r.resolve(ComponentKind.SINK_PROCESSOR, "default")).isPresent();
    }

    @Test
    void userSourceClassIsInstantiatedAndConfigured() throws Exception {
        ComponentFactory f = registry.resolve(ComponentKind.SOURCE, UserSource.class.getName()).orElseThrow();
        assertThat(f).isInstanceOf(UserClassFactory.class);
        assertThat(f.typeName()).isEqualTo(UserSource.class.getName());
        assertThat(f.configDef().isOpen()).isTrue();
        Object made = f.create(context(ComponentKind.SOURCE, Map.of("greeting", "hello")));
        assertThat(made).isInstanceOf(UserSource.class);
        assertThat(((UserSource) made).greeting).isEqualTo("hello");
    }

    @Test
    void userInterceptorBuilderIsConfiguredThenBuilt() throws Exception {
        ComponentFactory f = registry.resolve(ComponentKind.INTERCEPTOR, UserInterceptorBuilder.class.getName())
                .orElseThrow();
        Object made = f.create(context(ComponentKind.INTERCEPTOR, Map.of("header", "seen")));
        assertThat(made).isInstanceOf(Interceptor.class);
        Event e = ((Interceptor) made).intercept(Event.ofString("x"));
        assertThat(e.header("seen")).isEqualTo("yes");
    }

    @Test
    void classesThatCannotBeUsedAreExplained() {
        assertThat(registry.lookup(ComponentKind.SOURCE, "io.flafka.core.config.NotAComponent").problem())
                .startsWith("class 'io.flafka.core.config.NotAComponent' is not a source");
        assertThat(registry.lookup(ComponentKind.SOURCE, "io.flafka.core.config.NoDefaultConstructorSource").problem())
                .contains("needs a public no-argument constructor");
        assertThat(registry.lookup(ComponentKind.SINK, UserSource.class.getName()).problem())
                .contains("is not a sink");
        assertThat(registry.lookup(ComponentKind.SINK, "io.flafka.api.Sink").problem()).contains("abstract");
    }

    @Test
    void aProviderClassNamedInTypeIsUsed() {
        String name = TestProviders.SeqSource.class.getName();
        ComponentFactory f = registry.resolve(ComponentKind.SOURCE, name).orElseThrow();
        assertThat(f).isInstanceOf(ProviderFactory.class);
        assertThat(f.typeName()).isEqualTo("test-seq");
        assertThat(registry.lookup(ComponentKind.SINK, name).problem()).contains("makes sources, not sinks");
    }

    @Test
    void providersAreListedPerKindSortedByType() {
        assertThat(registry.providers(ComponentKind.SOURCE)).extracting(ComponentProvider::type)
                .containsExactly("test-netcat", "test-seq");
        assertThat(registry.providers(ComponentKind.SELECTOR)).extracting(ComponentProvider::type)
                .containsExactly("replicating", "test-multiplexing");
    }

    @Test
    void discoverFindsProvidersThroughServiceLoader() throws Exception {
        URL dir = getClass().getClassLoader().getResource("config/serviceloader/");
        assertThat(dir).isNotNull();
        try (URLClassLoader cl = new URLClassLoader(new URL[]{dir}, getClass().getClassLoader())) {
            ComponentRegistry r = ComponentRegistry.discover(cl);
            assertThat(r.classLoader()).isSameAs(cl);
            assertThat(r.resolve(ComponentKind.CHANNEL, "test-serviceloaded")).isPresent();
            assertThat(r.providers(ComponentKind.CHANNEL)).extracting(ComponentProvider::type)
                    .contains("test-serviceloaded");
        }
    }

    static ComponentContext context(ComponentKind kind, Map<String, String> raw) {
        return new ComponentContext("a1", "x", kind, Config.ofRaw(raw), new CounterGroup(kind.metricsPrefix(), "x"));
    }
}
