package io.flafka.dist;

import static org.assertj.core.api.Assertions.assertThat;

import io.flafka.api.config.Diagnostics;
import io.flafka.core.config.AgentSpec;
import io.flafka.core.config.LoadResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigReloaderTest {
    @TempDir
    Path dir;

    private final List<AgentSpec> applied = new CopyOnWriteArrayList<>();
    private final List<String> loads = new ArrayList<>();

    private static AgentSpec spec(String name) {
        return new AgentSpec(name, Map.of(), Map.of(), Map.of(), Map.of());
    }

    /** Loads "good" files into a spec named after the content; "bad" content gives an error. */
    private LoadResult load(Path file) {
        try {
            String content = Files.readString(file).trim();
            loads.add(content);
            Diagnostics d = new Diagnostics();
            if (content.startsWith("bad")) {
                d.error("a1.sources.r1.type", "unknown source type 'bad'");
                return new LoadResult(null, d);
            }
            return new LoadResult(spec(content), d);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static void write(Path f, String content, long mtimeMillis) throws Exception {
        Files.writeString(f, content);
        Files.setLastModifiedTime(f, FileTime.fromMillis(mtimeMillis));
    }

    @Test
    void appliesChangedGoodConfigurationsAndKeepsTheRunningOneOnErrors() throws Exception {
        Path f = dir.resolve("a.properties");
        write(f, "one", 1_000_000);
        ConfigReloader r = new ConfigReloader(List.of(f), () -> load(f), applied::add);

        assertThat(r.check()).isFalse();
        assertThat(loads).isEmpty();

        write(f, "two", 2_000_000);
        assertThat(r.check()).isTrue();
        assertThat(applied).extracting(AgentSpec::agentName).containsExactly("two");

        write(f, "bad!", 3_000_000);
        assertThat(r.check()).isFalse();
        assertThat(applied).hasSize(1);
        assertThat(r.check()).isFalse();
        assertThat(loads).containsExactly("two", "bad!");

        Files.delete(f);
        assertThat(r.check()).isFalse();
        write(f, "three", 4_000_000);
        assertThat(r.check()).isTrue();
        assertThat(applied).extracting(AgentSpec::agentName).containsExactly("two", "three");
    }

    @Test
    void pollsOnItsOwnThread() throws Exception {
        Path f = dir.resolve("a.properties");
        write(f, "one", 1_000_000);
        try (ConfigReloader r = new ConfigReloader(List.of(f), () -> load(f), applied::add).start(20)) {
            write(f, "two", 2_000_000);
            Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> applied.size() == 1);
        }
        assertThat(applied.get(0).agentName()).isEqualTo("two");
    }

    @Test
    void intervalProperty() {
        System.setProperty(ConfigReloader.INTERVAL_PROPERTY, "250");
        try {
            assertThat(ConfigReloader.intervalFromSystemProperties()).isEqualTo(250);
            System.setProperty(ConfigReloader.INTERVAL_PROPERTY, "soon");
            assertThat(ConfigReloader.intervalFromSystemProperties()).isEqualTo(30_000);
        } finally {
            System.clearProperty(ConfigReloader.INTERVAL_PROPERTY);
        }
        assertThat(ConfigReloader.intervalFromSystemProperties()).isEqualTo(30_000);
    }
}
