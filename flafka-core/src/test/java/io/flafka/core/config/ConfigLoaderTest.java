package io.flafka.core.config;

import static org.assertj.core.api.Assertions.assertThat;

import io.flafka.api.ComponentKind;
import io.flafka.api.config.ConfigError;
import io.flafka.core.registry.ComponentRegistry;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigLoaderTest {
    static final String VALID = """
            a1.sources = r1 r2
            a1.channels = c1 c2
            a1.sinks = k1 k2 k3
            a1.sinkgroups = g1
            a1.sources.r1.type = test-netcat
            a1.sources.r1.bind = 127.0.0.1
            a1.sources.r1.port = 44444
            a1.sources.r1.channels = c1 c2
            a1.sources.r1.interceptors = i2 i1
            a1.sources.r1.interceptors.i1.type = test-tag
            a1.sources.r1.interceptors.i1.header = h1
            a1.sources.r1.interceptors.i2.type = io.flafka.core.config.UserInterceptorBuilder
            a1.sources.r1.interceptors.i2.anything = goes
            a1.sources.r1.selector.type = test-multiplexing
            a1.sources.r1.selector.header = state
            a1.sources.r1.selector.mapping.CA = c1
            a1.sources.r1.selector.mapping.NY = c1 c2
            a1.sources.r1.selector.default = c2
            a1.sources.r2.type = TEST-SEQ
            a1.sources.r2.channels = c2
            a1.channels.c1.type = test-memory
            a1.channels.c1.capacity = 1000
            a1.channels.c2.type = test-memory
            a1.sinks.k1.type = test-logger
            a1.sinks.k1.channel = c1
            a1.sinks.k2.type = test-logger
            a1.sinks.k2.channel = c2
            a1.sinks.k3.type = test-logger
            a1.sinks.k3.channel = c2
            a1.sinkgroups.g1.sinks = k2 k3
            a1.sinkgroups.g1.processor.type = test-failover
            a1.sinkgroups.g1.processor.priority.k2 = 10
            a1.sinkgroups.g1.processor.priority.k3 = 5
            a2.sources = x
            a2.sources.x.type = nonexistent
            a2.sources.x.channels = c1
            """;

    @TempDir
    Path tmp;

    private final ConfigLoader loader = new ConfigLoader(TestProviders.registry(),
            Map.of("PORT", "5140", "HOST", "0.0.0.0")::get, Map.of("flafka.cap", "77")::get);

    private LoadResult load(String text, String agent) {
        return loader.load(PropertiesFiles.parse(text), agent);
    }

    private static List<String> errors(LoadResult r) {
        return r.diagnostics().errors().stream().map(ConfigError::toString).toList();
    }

    private static List<String> warnings(LoadResult r) {
        return r.diagnostics().warnings().stream().map(ConfigError::toString).toList();
    }

    @Test
    void buildsTheWholeAgentInListOrder() {
        LoadResult r = load(VALID, "a1");
        assertThat(errors(r)).isEmpty();
        assertThat(r.ok()).isTrue();
        AgentSpec s = r.spec();
        assertThat(s.agentName()).isEqualTo("a1");
        assertThat(s.sources()).containsOnlyKeys("r1", "r2");
        assertThat(s.channels().keySet()).containsExactly("c1", "c2");
        assertThat(s.sinks().keySet()).containsExactly("k1", "k2", "k3");

        SourceSpec r1 = s.sources().get("r1");
        assertThat(r1.component().kind()).isEqualTo(ComponentKind.SOURCE);
        assertThat(r1.component().raw()).containsExactly(Map.entry("bind", "127.0.0.1"), Map.entry("port", "44444"));
        assertThat(r1.component().config().get(TestProviders.NetcatSource.PORT)).isEqualTo(44444);
        assertThat(r1.channels()).containsExactly("c1", "c2");
        assertThat(r1.selector().name()).isEqualTo("r1.selector");
        assertThat(r1.selector().factory().typeName()).isEqualTo("test-multiplexing");
        assertThat(r1.selector().raw()).containsOnlyKeys("header", "mapping.CA", "mapping.NY", "default");
        assertThat(r1.interceptors()).extracting(ComponentSpec::name).containsExactly("r1.i2", "r1.i1");
        assertThat(r1.interceptors().get(0).raw()).containsExactly(Map.entry("anything", "goes"));
        assertThat(r1.interceptors().get(1).config().get(TestProviders.TagInterceptor.HEADER)).isEqualTo("h1");

        SourceSpec r2 = s.sources().get("r2");
        assertThat(r2.component().type()).isEqualTo("TEST-SEQ");
        assertThat(r2.component().factory().typeName()).isEqualTo("test-seq");
        assertThat(r2.selector().type()).isEqualTo("replicating");
        assertThat(r2.selector().raw()).isEmpty();
        assertThat(r2.interceptors()).isEmpty();

        assertThat(s.channels().get("c1").config().get(TestProviders.MemoryChannel.CAPACITY)).isEqualTo(1000);
        assertThat(s.sinks().get("k1").channel()).isEqualTo("c1");
        SinkGroupSpec g1 = s.sinkGroups().get("g1");
        assertThat(g1.sinks()).containsExactly("k2", "k3");
        assertThat(g1.processor().name()).isEqualTo("g1.processor");
        assertThat(g1.processor().kind()).isEqualTo(ComponentKind.SINK_PROCESSOR);
        assertThat(g1.processor().raw()).containsOnlyKeys("priority.k2", "priority.k3");
        assertThat(warnings(r)).isEmpty();
    }

    @Test
    void onlyTheNamedAgentIsBuilt() {
        LoadResult a2 = load(VALID, "a2");
        assertThat(a2.ok()).isFalse();
        assertThat(a2.spec()).isNull();
        assertThat(errors(a2)).containsExactly(
                "a2.sources.x.type: unknown source type 'nonexistent'; known source types: test-netcat, test-seq",
                "a2.sources.x.channels: unknown channel 'c1' (not listed in a2.channels)");
        LoadResult a3 = load(VALID, "a3");
        assertThat(errors(a3)).containsExactly("a3: no agent 'a3' in the configuration; agents found: a1, a2");
        assertThat(ConfigLoader.agentNames(PropertiesFiles.parse(VALID + "shared.value = x\n")))
                .containsExactly("a1", "a2");
        assertThat(errors(load("just = a value\n", "a1")))
                .containsExactly("a1: no agent 'a1': the configuration defines no agents");
    }

    @Test
    void reportsEveryStructuralErrorAtItsPath() {
        LoadResult r = load("""
                a1.sources = r1 r2 r3 r4
                a1.channels = c1 c2 c3
                a1.sinks = k1 k2 k3 k4 k5
                a1.sinkgroups = g1 g2 g3
                a1.sources.r1.type = test-netkat
                a1.sources.r1.channels = c1
                a1.sources.r3.type = test-seq
                a1.sources.r4.type = test-seq
                a1.sources.r4.channels = c1 c9
                a1.sources.r4.batchSize = abc
                a1.sources.r4.interceptors = i1 i2
                a1.sources.r4.interceptors.i1.type = test-tag
                a1.sources.r4.interceptors.i1.haeder = x
                a1.sources.r4.interceptors.i3.type = test-tag
                a1.sources.r4.selector.type = test-multiplexing
                a1.sources.r4.selector.mapping.CA = c2
                a1.sources.r4.selector.default = c1
                a1.sources.r5.type = test-seq
                a1.channels.c1.type = test-memory
                a1.channels.c1.capacity = abc
                a1.channels.c2.type = test-memory
                a1.channels.c2.byte.capacity = 100
                a1.channels.c3.capacity = 5
                a1.sinks.k1.type = test-logger
                a1.sinks.k2.type = test-logger
                a1.sinks.k2.channel = c1 c2
                a1.sinks.k3.type = test-logger
                a1.sinks.k3.channel = c2
                a1.sinks.k4.type = test-logger
                a1.sinks.k4.channel = c2
                a1.sinks.k5.type = test-logger
                a1.sinks.k5.channel = c2
                a1.sinks.k5.password = hunter2
                a1.sinks.k5.zookeeperConnect = zk:2181
                a1.sinks.k5.batchsize = 10
                a1.sinkgroups.g1.sinks = k3 k4
                a1.sinkgroups.g1.processor.type = test-failover
                a1.sinkgroups.g1.processor.priority.k9 = 1
                a1.sinkgroups.g2.sinks = k4 k8
                a1.sinkgroups.g2.procesor.type = test-failover
                """, "a1");
        assertThat(r.ok()).isFalse();
        assertThat(r.spec()).isNull();
        assertThat(errors(r)).containsExactlyInAnyOrder(
                "a1.sources.r1.type: unknown source type 'test-netkat'; did you mean 'test-netcat'?",
                "a1.sources.r2: listed in a1.sources but not configured",
                "a1.sources.r3.channels: is required (the channels the source writes to)",
                "a1.sources.r4.channels: unknown channel 'c9'; did you mean 'c1'?",
                "a1.sources.r4.batchSize: 'abc' is not an integer",
                "a1.sources.r4.interceptors.i1.haeder: unknown key; did you mean 'header'?",
                "a1.sources.r4.interceptors.i2.type: is required (interceptor 'i2' is listed in a1.sources.r4."
                        + "interceptors but not configured)",
                "a1.sources.r4.selector.mapping.CA: channel 'c2' is not one of the source's channels (c1, c9)",
                "a1.channels.c1.capacity: 'abc' is not an integer",
                "a1.channels.c3.type: is required (the channel type)",
                "a1.sinks.k1.channel: is required (the one channel the sink reads)",
                "a1.sinks.k2.channel: a sink reads exactly one channel, but 2 are named (c1, c2)",
                "a1.sinks.k5.zookeeperConnect: ZooKeeper is gone; use bootstrap servers",
                "a1.sinks.k5.batchsize: unknown key; did you mean 'batchSize'?",
                "a1.sinkgroups.g1.processor.priority.k9: 'k9' is not a sink of this group (k3, k4)",
                "a1.sinkgroups.g2.sinks: sink 'k4' is already in sink group 'g1'; a sink can be in one group only",
                "a1.sinkgroups.g2.sinks: unknown sink 'k8'; did you mean 'k1'?",
                "a1.sinkgroups.g2.procesor.type: unknown key; did you mean 'processor.type'?",
                "a1.sinkgroups.g3: listed in a1.sinkgroups but not configured");
        assertThat(warnings(r)).containsExactlyInAnyOrder(
                "a1.sources.r5: configured but not listed in a1.sources; ignored",
                "a1.sources.r4.interceptors.i3: configured but not listed in a1.sources.r4.interceptors; ignored",
                "a1.channels.c2.byte.capacity: is deprecated; use 'byteCapacity' instead",
                "a1.channels.c3: is not used by any source or sink");
        assertThat(r.diagnostics().errors()).noneMatch(e -> e.toString().contains("hunter2"));
    }

    @Test
    void agentWithNoSourcesAndNoSinks() {
        LoadResult r = load("""
                a1.channels = c1
                a1.channels.c1.type = test-memory
                a1.source = r1
                """, "a1");
        assertThat(errors(r)).containsExactly(
                "a1: has no sources and no sinks (set a1.sources and/or a1.sinks)");
        assertThat(warnings(r)).containsExactly(
                "a1.source: unknown agent key; ignored; did you mean 'sources'?",
                "a1.channels.c1: is not used by any source or sink");
    }

    @Test
    void singularAndPluralChannelKeysAreExplained() {
        LoadResult r = load("""
                a1.sources = r1
                a1.channels = c1
                a1.sinks = k1
                a1.sources.r1.type = test-seq
                a1.sources.r1.channel = c1
                a1.sinks.k1.type = test-logger
                a1.sinks.k1.channels = c1
                """, "a1");
        assertThat(errors(r)).containsExactly(
                "a1.channels.c1: listed in a1.channels but not configured",
                "a1.sources.r1.channel: a source names its channels with 'channels' (plural)",
                "a1.sinks.k1.channels: a sink reads exactly one channel, named with 'channel'");
    }

    @Test
    void aChannelListedTwiceBySourceIsUsedOnce() {
        LoadResult r = load("""
                a1.sources = r1 r1
                a1.channels = c1
                a1.sources.r1.type = test-seq
                a1.sources.r1.channels = c1 c1
                a1.channels.c1.type = test-memory
                """, "a1");
        assertThat(errors(r)).isEmpty();
        assertThat(r.spec().sources().get("r1").channels()).containsExactly("c1");
        assertThat(warnings(r)).containsExactly("a1.sources: 'r1' is listed twice",
                "a1.sources.r1.channels: channel 'c1' is listed twice; it receives each event once");
    }

    @Test
    void batchSizeMustFitTheChannelTransaction() {
        LoadResult r = load("""
                a1.sources = r1 r2
                a1.channels = c1 c2
                a1.sinks = k1 k2
                a1.sources.r1.type = test-seq
                a1.sources.r1.batchSize = 200
                a1.sources.r1.channels = c1 c2
                a1.sources.r2.type = test-seq
                a1.sources.r2.batchSize = 100
                a1.sources.r2.channels = c1
                a1.channels.c1.type = test-memory
                a1.channels.c1.transactionCapacity = 100
                a1.channels.c2.type = test-memory
                a1.channels.c2.transactionCapacity = 500
                a1.sinks.k1.type = test-logger
                a1.sinks.k1.batchSize = 1000
                a1.sinks.k1.channel = c2
                a1.sinks.k2.type = test-logger
                a1.sinks.k2.channel = c1
                """, "a1");
        assertThat(errors(r)).containsExactly(
                "a1.sources.r1.batchSize: batch size 200 is greater than a1.channels.c1.transactionCapacity 100:"
                        + " a batch could never be put into the channel in one transaction (FLUME-3106);"
                        + " lower batchSize or raise transactionCapacity",
                "a1.sinks.k1.batchSize: batch size 1000 is greater than a1.channels.c2.transactionCapacity 500:"
                        + " a batch could never be taken from the channel in one transaction (FLUME-3107);"
                        + " lower batchSize or raise transactionCapacity");
    }

    @Test
    void unknownTypesOfEveryKindSuggestNames() {
        LoadResult r = load("""
                a1.sources = r1
                a1.channels = c1
                a1.sinks = k1
                a1.sinkgroups = g1
                a1.sources.r1.type = test-seq
                a1.sources.r1.channels = c1
                a1.sources.r1.selector.type = test-multiplexin
                a1.sources.r1.interceptors = i1
                a1.sources.r1.interceptors.i1.type = test-tga
                a1.channels.c1.type = test-memroy
                a1.sinks.k1.type = test-loger
                a1.sinks.k1.channel = c1
                a1.sinkgroups.g1.sinks = k1
                a1.sinkgroups.g1.processor.type = test-failovr
                """, "a1");
        assertThat(errors(r)).containsExactly(
                "a1.channels.c1.type: unknown channel type 'test-memroy'; did you mean 'test-memory'?",
                "a1.sources.r1.selector.type: unknown selector type 'test-multiplexin'; did you mean 'test-multiplexing'?",
                "a1.sources.r1.interceptors.i1.type: unknown interceptor type 'test-tga'; did you mean 'test-tag'?",
                "a1.sinks.k1.type: unknown sink type 'test-loger'; did you mean 'test-logger'?",
                "a1.sinkgroups.g1.processor.type: unknown sink processor type 'test-failovr'; did you mean 'test-failover'?");
    }

    @Test
    void selectorAndProcessorKeysAreValidatedAtTheirPaths() {
        LoadResult r = load("""
                a1.sources = r1
                a1.channels = c1
                a1.sinks = k1
                a1.sinkgroups = g1
                a1.sources.r1.type = test-seq
                a1.sources.r1.channels = c1
                a1.sources.r1.selector.type = test-multiplexing
                a1.sources.r1.selector.headr = state
                a1.sources.r1.selector.optional.CA = c1 c7
                a1.channels.c1.type = test-memory
                a1.sinks.k1.type = test-logger
                a1.sinks.k1.channel = c1
                a1.sinkgroups.g1.sinks = k1
                a1.sinkgroups.g1.processor.type = test-failover
                a1.sinkgroups.g1.processor.maxpenalty = soon
                """, "a1");
        assertThat(errors(r)).containsExactly(
                "a1.sources.r1.selector.optional.CA: channel 'c7' is not one of the source's channels (c1)",
                "a1.sources.r1.selector.headr: unknown key; did you mean 'header'?",
                "a1.sinkgroups.g1.processor.maxpenalty: 'soon' is not a whole number");
    }

    @Test
    void userClassesAreNamedByClass() {
        LoadResult r = load("""
                a1.sources = r1
                a1.channels = c1
                a1.sources.r1.type = io.flafka.core.config.UserSource
                a1.sources.r1.greeting = hello
                a1.sources.r1.whatever.it.likes = 1
                a1.sources.r1.channels = c1
                a1.channels.c1.type = test-memory
                """, "a1");
        assertThat(errors(r)).isEmpty();
        ComponentSpec src = r.spec().sources().get("r1").component();
        assertThat(src.factory().typeName()).isEqualTo(UserSource.class.getName());
        assertThat(src.raw()).containsOnlyKeys("greeting", "whatever.it.likes");
    }

    @Test
    void substitutesValuesAndReportsUnresolvableOnesOnce() {
        System.setProperty("flafka.test.bind", "10.0.0.1");
        try {
            LoadResult ok = load("""
                    shared.port = ${env:PORT}
                    a1.sources = r1
                    a1.channels = c1
                    a1.sources.r1.type = test-netcat
                    a1.sources.r1.bind = ${sys:flafka.cap}
                    a1.sources.r1.port = ${shared.port}
                    a1.sources.r1.channels = c1
                    a1.channels.c1.type = test-memory
                    a1.channels.c1.capacity = ${sys:flafka.cap}
                    """, "a1");
            assertThat(errors(ok)).isEmpty();
            assertThat(ok.spec().sources().get("r1").component().raw()).containsEntry("port", "5140");
            assertThat(ok.spec().channels().get("c1").config().get(TestProviders.MemoryChannel.CAPACITY)).isEqualTo(77);
        } finally {
            System.clearProperty("flafka.test.bind");
        }
        LoadResult bad = load("""
                a1.sources = r1
                a1.channels = c1
                a1.sources.r1.type = test-netcat
                a1.sources.r1.bind = ${env:HOST}
                a1.sources.r1.port = ${env:NO_PORT}
                a1.sources.r1.channels = ${env:NO_CHANNELS}
                a1.channels.c1.type = test-memory
                """, "a1");
        assertThat(errors(bad)).containsExactly(
                "a1.sources.r1.port: cannot resolve '${env:NO_PORT}': environment variable 'NO_PORT' is not set",
                "a1.sources.r1.channels: cannot resolve '${env:NO_CHANNELS}': environment variable 'NO_CHANNELS' is not set");
    }

    @Test
    void loadsAndMergesFilesWithoutThrowing() throws Exception {
        Path base = Files.writeString(tmp.resolve("base.properties"), VALID);
        Path override = Files.writeString(tmp.resolve("override.properties"), "a1.channels.c1.capacity = 5\n");
        LoadResult r = loader.load(List.of(base, override), "a1");
        assertThat(errors(r)).isEmpty();
        assertThat(r.spec().channels().get("c1").config().get(TestProviders.MemoryChannel.CAPACITY)).isEqualTo(5);

        LoadResult missing = loader.load(List.of(base, tmp.resolve("nope.properties")), "a1");
        assertThat(missing.ok()).isFalse();
        assertThat(errors(missing)).containsExactly(tmp.resolve("nope.properties") + ": no such file");
        assertThat(errors(loader.load(List.of(), "a1"))).containsExactly("a1: no configuration file given");
    }

    @Test
    void topologyChecksAreFoundWithTheRegistryClassLoader() throws Exception {
        URL dir = getClass().getClassLoader().getResource("config/serviceloader/");
        Thread t = Thread.currentThread();
        ClassLoader saved = t.getContextClassLoader();
        try (URLClassLoader cl = new URLClassLoader(new URL[]{dir}, getClass().getClassLoader())) {
            t.setContextClassLoader(cl);
            ComponentRegistry registry = ComponentRegistry.of(TestProviders.all());
            t.setContextClassLoader(saved);
            ConfigLoader withChecks = new ConfigLoader(registry);
            String config = """
                    a1.channels = c1
                    a1.sinks = loop1 forbidden
                    a1.channels.c1.type = test-memory
                    a1.sinks.loop1.type = test-logger
                    a1.sinks.loop1.channel = c1
                    a1.sinks.forbidden.type = test-logger
                    a1.sinks.forbidden.channel = c1
                    """;
            LoadResult r = withChecks.load(PropertiesFiles.parse(config), "a1");
            assertThat(warnings(r)).containsExactly("a1.sinks.loop1: looks like a loop");
            assertThat(errors(r)).containsExactly("a1.sinks.forbidden: is forbidden");
            assertThat(r.spec()).isNull();
            // The checks run only on an agent that built without errors.
            LoadResult broken = withChecks.load(PropertiesFiles.parse(config + "a1.sinks.loop1.batchSize = x\n"), "a1");
            assertThat(warnings(broken)).isEmpty();
        } finally {
            t.setContextClassLoader(saved);
        }
    }
}
