package io.flafka.core.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

class TopologyPrinterTest {
    private final AgentSpec spec = new ConfigLoader(TestProviders.registry(), k -> null, k -> null)
            .load(PropertiesFiles.parse(ConfigLoaderTest.VALID), "a1").spec();

    @Test
    void textIsAReadableTree() {
        assertThat(TopologyPrinter.text(spec)).isEqualTo("""
                agent a1
                  source r1 (test-netcat) -> selector test-multiplexing -> [c1 (test-memory), c2 (test-memory)] ; \
                interceptors: i2 (io.flafka.core.config.UserInterceptorBuilder), i1 (test-tag)
                  source r2 (test-seq) -> selector replicating -> [c2 (test-memory)]
                  channel c1 (test-memory)
                  channel c2 (test-memory)
                  sink k1 (test-logger) <- c1
                  sink k2 (test-logger) <- c2
                  sink k3 (test-logger) <- c2
                  sinkgroup g1 (test-failover): k2, k3
                """);
    }

    @Test
    void mermaidIsAFlowchart() {
        String m = TopologyPrinter.mermaid(spec);
        assertThat(m).startsWith("flowchart LR\n")
                .contains("  source0[\"source r1 (test-netcat) #124; i2 (io.flafka.core.config.UserInterceptorBuilder)"
                        + " #124; i1 (test-tag)\"]\n")
                .contains("  channel0[(\"channel c1 (test-memory)\")]\n")
                .contains("  subgraph group0[\"sinkgroup g1 (test-failover)\"]\n    sink1[\"sink k2 (test-logger)\"]\n"
                        + "    sink2[\"sink k3 (test-logger)\"]\n  end\n")
                .contains("  sink0[\"sink k1 (test-logger)\"]\n")
                .contains("  source0 -->|test-multiplexing| channel0\n")
                .contains("  source0 -->|test-multiplexing| channel1\n")
                .contains("  source1 -->|replicating| channel1\n")
                .contains("  channel0 --> sink0\n")
                .contains("  channel1 --> sink2\n");
        assertThat(m.lines().filter(l -> l.contains("-->"))).hasSize(6);
    }

    @Test
    void dotIsADigraphWithBalancedBraces() {
        String d = TopologyPrinter.dot(spec);
        assertThat(d).startsWith("digraph \"a1\" {\n  rankdir=LR;\n").endsWith("}\n")
                .contains("  channel1 [shape=cylinder, label=\"channel c2 (test-memory)\"];\n")
                .contains("  subgraph cluster_group0 {\n    label=\"sinkgroup g1 (test-failover)\";\n")
                .contains("  source1 -> channel1 [label=\"replicating\"];\n")
                .contains("  channel0 -> sink0;\n");
        assertThat(d.chars().filter(c -> c == '{').count()).isEqualTo(d.chars().filter(c -> c == '}').count());
        assertThat(d.lines().filter(l -> l.contains("->"))).hasSize(6);
    }

    @Test
    void namesAreEscaped() {
        AgentSpec odd = new ConfigLoader(TestProviders.registry(), k -> null, k -> null).load(Map.of(
                "a\"1.sinks", "k\"1", "a\"1.channels", "c1",
                "a\"1.channels.c1.type", "test-memory",
                "a\"1.sinks.k\"1.type", "test-logger", "a\"1.sinks.k\"1.channel", "c1"), "a\"1").spec();
        assertThat(TopologyPrinter.dot(odd)).startsWith("digraph \"a\\\"1\" {").contains("label=\"sink k\\\"1 (test-logger)\"");
        assertThat(TopologyPrinter.mermaid(odd)).contains("sink0[\"sink k#quot;1 (test-logger)\"]");
    }
}
