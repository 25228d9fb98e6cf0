package io.flafka.dist;

import static org.assertj.core.api.Assertions.assertThat;

import io.flafka.api.ComponentKind;
import io.flafka.core.config.ConfigLoader;
import io.flafka.core.config.LoadResult;
import io.flafka.core.registry.ComponentRegistry;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * Every example configuration in {@code src/main/examples/} loads without an error through the real
 * registry (every component of the distribution). An example whose component types are not installed yet
 * (modules still being written) is skipped, naming the missing types.
 */
class ExamplesTest {
    static final Path EXAMPLES = Path.of("src/main/examples");
    static final ComponentRegistry REGISTRY = ComponentRegistry.discover(ExamplesTest.class.getClassLoader());
    private static final Pattern TYPE = Pattern.compile(
            "^[^.]+\\.(sources|channels|sinks)\\.[^.]+\\.(?:(interceptors)\\.[^.]+\\.)?type$");

    static List<Path> examples() throws IOException {
        try (Stream<Path> s = Files.list(EXAMPLES)) {
            return s.filter(p -> p.getFileName().toString().endsWith(".properties")).sorted().toList();
        }
    }

    @Test
    void theExamplesTheDocsPromiseExist() throws IOException {
        assertThat(examples()).extracting(p -> p.getFileName().toString()).contains(
                "kafka-producer.properties", "kafka-inflight-processing.properties", "kafka-ingest-hdfs.properties",
                "kafka-channel-source-and-sink.properties", "kafka-channel-source-only.properties",
                "kafka-channel-sink-only.properties", "taildir-kafka.properties", "avro-tier1-agent.properties",
                "avro-tier2-collector.properties");
    }

    @TestFactory
    List<DynamicTest> everyExampleLoadsWithoutErrors() throws IOException {
        List<DynamicTest> tests = new ArrayList<>();
        for (Path file : examples()) {
            tests.add(DynamicTest.dynamicTest(file.getFileName().toString(), () -> check(file)));
        }
        return tests;
    }

    static void check(Path file) throws IOException {
        Map<String, String> props = read(file);
        TreeSet<String> missing = missingTypes(props);
        Assumptions.assumeTrue(missing.isEmpty(), () -> file.getFileName() + " skipped: component type(s) "
                + missing + " are not installed in this build yet");
        var agents = ConfigLoader.agentNames(props);
        assertThat(agents).as("agents in " + file).hasSize(1);
        LoadResult r = new ConfigLoader(REGISTRY).load(List.of(file), agents.iterator().next());
        assertThat(r.ok()).as(file + ": " + r.diagnostics().errors()).isTrue();
        // warnings (e.g. a Flume default Flafka changed) are allowed; errors are not
        r.diagnostics().warnings().forEach(w -> System.out.println(file.getFileName() + ": warning: " + w));
    }

    /** "sink hdfs"-style names of the types the file uses that the registry does not know. */
    static TreeSet<String> missingTypes(Map<String, String> props) {
        TreeSet<String> missing = new TreeSet<>();
        for (Map.Entry<String, String> e : props.entrySet()) {
            Matcher m = TYPE.matcher(e.getKey());
            if (!m.matches()) {
                continue;
            }
            ComponentKind kind = m.group(2) != null ? ComponentKind.INTERCEPTOR : switch (m.group(1)) {
                case "sources" -> ComponentKind.SOURCE;
                case "channels" -> ComponentKind.CHANNEL;
                default -> ComponentKind.SINK;
            };
            String type = e.getValue().trim();
            if (REGISTRY.resolve(kind, type).isEmpty()) {
                missing.add(kind.name().toLowerCase(java.util.Locale.ROOT) + " " + type);
            }
        }
        return missing;
    }

    static Map<String, String> read(Path file) throws IOException {
        Properties p = new Properties();
        try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            p.load(r);
        }
        Map<String, String> m = new HashMap<>();
        p.stringPropertyNames().forEach(k -> m.put(k, p.getProperty(k)));
        return m;
    }
}
