package io.flafka.core.integration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.flafka.api.config.ConfigError;
import io.flafka.core.config.ConfigLoader;
import io.flafka.core.config.LoadResult;
import io.flafka.core.metrics.CounterRegistry;
import io.flafka.core.registry.ComponentRegistry;
import io.flafka.core.runtime.Agent;
import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Flume configurations, written as Flume users write them (aliases and class names), loaded with the real
 * ServiceLoader registry and run by the real runtime.
 */
class FlumeConfigurationsTest {
    private static final ComponentRegistry REGISTRY = ComponentRegistry.discover(FlumeConfigurationsTest.class.getClassLoader());

    @TempDir
    Path dir;

    private static Map<String, String> props(String text) {
        Properties p = new Properties();
        try {
            p.load(new StringReader(text));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        Map<String, String> m = new LinkedHashMap<>();
        p.stringPropertyNames().forEach(k -> m.put(k, p.getProperty(k)));
        return m;
    }

    private static LoadResult load(String text, String agent) {
        return new ConfigLoader(REGISTRY).load(props(text), agent);
    }

    @Test
    void userGuideSimpleExampleValidates() {
        LoadResult r = load("""
                a1.sources = r1
                a1.sinks = k1
                a1.channels = c1
                a1.sources.r1.type = netcat
                a1.sources.r1.bind = localhost
                a1.sources.r1.port = 44444
                a1.sinks.k1.type = logger
                a1.channels.c1.type = memory
                a1.channels.c1.capacity = 1000
                a1.channels.c1.transactionCapacity = 100
                a1.sources.r1.channels = c1
                a1.sinks.k1.channel = c1
                """, "a1");
        assertThat(r.diagnostics().errors()).isEmpty();
        assertThat(r.ok()).isTrue();
    }

    @Test
    void flumeClassNamesAndRoutingFeaturesValidate() {
        LoadResult r = load("""
                agent_foo.sources = avro-AppSrv-source1
                agent_foo.sinks = hdfs-Cluster1-sink1 hdfs-Cluster1-sink2 k3
                agent_foo.channels = mem-channel-1 file-channel-2
                agent_foo.sinkgroups = g1
                agent_foo.sources.avro-AppSrv-source1.type = org.apache.flume.source.SequenceGeneratorSource
                agent_foo.sources.avro-AppSrv-source1.channels = mem-channel-1 file-channel-2
                agent_foo.sources.avro-AppSrv-source1.selector.type = multiplexing
                agent_foo.sources.avro-AppSrv-source1.selector.header = State
                agent_foo.sources.avro-AppSrv-source1.selector.mapping.CA = mem-channel-1
                agent_foo.sources.avro-AppSrv-source1.selector.mapping.AZ = file-channel-2
                agent_foo.sources.avro-AppSrv-source1.selector.mapping.NY = mem-channel-1 file-channel-2
                agent_foo.sources.avro-AppSrv-source1.selector.optional.CA = file-channel-2
                agent_foo.sources.avro-AppSrv-source1.selector.default = mem-channel-1
                agent_foo.sources.avro-AppSrv-source1.interceptors = i1 i2 i3
                agent_foo.sources.avro-AppSrv-source1.interceptors.i1.type = org.apache.flume.interceptor.HostInterceptor$Builder
                agent_foo.sources.avro-AppSrv-source1.interceptors.i1.preserveExisting = false
                agent_foo.sources.avro-AppSrv-source1.interceptors.i1.hostHeader = hostname
                agent_foo.sources.avro-AppSrv-source1.interceptors.i2.type = org.apache.flume.interceptor.TimestampInterceptor$Builder
                agent_foo.sources.avro-AppSrv-source1.interceptors.i3.type = static
                agent_foo.sources.avro-AppSrv-source1.interceptors.i3.key = State
                agent_foo.sources.avro-AppSrv-source1.interceptors.i3.value = CA
                agent_foo.channels.mem-channel-1.type = org.apache.flume.channel.MemoryChannel
                agent_foo.channels.file-channel-2.type = memory
                agent_foo.sinks.hdfs-Cluster1-sink1.type = org.apache.flume.sink.NullSink
                agent_foo.sinks.hdfs-Cluster1-sink1.channel = mem-channel-1
                agent_foo.sinks.hdfs-Cluster1-sink2.type = null
                agent_foo.sinks.hdfs-Cluster1-sink2.channel = mem-channel-1
                agent_foo.sinks.k3.type = logger
                agent_foo.sinks.k3.channel = file-channel-2
                agent_foo.sinkgroups.g1.sinks = hdfs-Cluster1-sink1 hdfs-Cluster1-sink2
                agent_foo.sinkgroups.g1.processor.type = failover
                agent_foo.sinkgroups.g1.processor.priority.hdfs-Cluster1-sink1 = 5
                agent_foo.sinkgroups.g1.processor.priority.hdfs-Cluster1-sink2 = 10
                agent_foo.sinkgroups.g1.processor.maxpenalty = 10000
                """, "agent_foo");
        assertThat(r.diagnostics().errors()).isEmpty();
    }

    @Test
    void brokenConfigurationListsEveryErrorWithItsKey() {
        LoadResult r = load("""
                a1.sources = r1
                a1.sinks = k1
                a1.channels = c1
                a1.sources.r1.type = netkat
                a1.sources.r1.channels = c1
                a1.sinks.k1.type = logger
                a1.sinks.k1.channel = c2
                a1.channels.c1.type = memory
                a1.channels.c1.capacity = lots
                a1.channels.c1.transactionCapasity = 10
                """, "a1");
        List<String> errors = r.diagnostics().errors().stream().map(ConfigError::toString).toList();
        assertThat(r.ok()).isFalse();
        assertThat(errors).anySatisfy(e -> assertThat(e).startsWith("a1.sources.r1.type:").contains("netcat"));
        assertThat(errors).anySatisfy(e -> assertThat(e).startsWith("a1.sinks.k1.channel:").contains("c2"));
        assertThat(errors).anySatisfy(e -> assertThat(e).isEqualTo("a1.channels.c1.capacity: 'lots' is not an integer"));
        assertThat(errors).anySatisfy(e -> assertThat(e)
                .isEqualTo("a1.channels.c1.transactionCapasity: unknown key; did you mean 'transactionCapacity'?"));
    }

    @Test
    void batchLargerThanTransactionCapacityIsAnError() {
        LoadResult r = load("""
                a1.sources = r1
                a1.sinks = k1
                a1.channels = c1
                a1.sources.r1.type = seq
                a1.sources.r1.batchSize = 500
                a1.sources.r1.channels = c1
                a1.sinks.k1.type = null
                a1.sinks.k1.channel = c1
                a1.channels.c1.type = memory
                """, "a1");
        assertThat(r.diagnostics().errors()).extracting(ConfigError::path).contains("a1.sources.r1.batchSize");
    }

    @Test
    void seqThroughMemoryToFileRollDeliversExactlyN() throws Exception {
        int n = 5000;
        LoadResult r = load("""
                a1.sources = r1
                a1.sinks = k1
                a1.channels = c1
                a1.sources.r1.type = seq
                a1.sources.r1.totalEvents = %d
                a1.sources.r1.batchSize = 100
                a1.sources.r1.channels = c1
                a1.sources.r1.interceptors = ts
                a1.sources.r1.interceptors.ts.type = timestamp
                a1.channels.c1.type = memory
                a1.channels.c1.capacity = 1000
                a1.channels.c1.transactionCapacity = 100
                a1.sinks.k1.type = file_roll
                a1.sinks.k1.channel = c1
                a1.sinks.k1.sink.directory = %s
                a1.sinks.k1.sink.rollInterval = 0
                """.formatted(n, dir.toString().replace("\\", "/")), "a1");
        assertThat(r.diagnostics().errors()).isEmpty();
        CounterRegistry counters = new CounterRegistry();
        try (Agent agent = new Agent(r.spec(), counters)) {
            agent.start();
            await().atMost(Duration.ofSeconds(60)).until(() -> lines().size() >= n);
            await().atMost(Duration.ofSeconds(60))
                    .until(() -> counters.sink("k1").get("EventDrainSuccessCount") == n);
        }
        List<String> lines = lines();
        assertThat(lines).hasSize(n);
        for (int i = 0; i < n; i++) {
            assertThat(lines.get(i)).isEqualTo(Integer.toString(i));
        }
        assertThat(counters.source("r1").get("EventAcceptedCount")).isEqualTo(n);
        assertThat(counters.channel("c1").get("EventPutSuccessCount")).isEqualTo(n);
        assertThat(counters.channel("c1").get("EventTakeSuccessCount")).isEqualTo(n);
    }

    private List<String> lines() throws IOException {
        List<String> out = new ArrayList<>();
        try (Stream<Path> files = Files.list(dir)) {
            for (Path f : files.sorted().toList()) {
                out.addAll(Files.readAllLines(f, StandardCharsets.UTF_8));
            }
        }
        return out;
    }
}
