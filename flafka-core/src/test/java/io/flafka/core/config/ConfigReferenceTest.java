package io.flafka.core.config;

import static org.assertj.core.api.Assertions.assertThat;

import io.flafka.core.registry.ComponentRegistry;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;

class ConfigReferenceTest {
    @Test
    void documentsEveryProviderFromItsDeclaration() {
        String md = ConfigReference.markdown(TestProviders.registry());
        assertThat(md).startsWith("# Flafka configuration reference\n")
                .contains("## Sources\n", "## Channels\n", "## Sinks\n", "## Interceptors\n", "## Channel selectors\n",
                        "## Sink processors\n")
                .contains("### `test-memory`\n\nTest test-memory.\n\n")
                .contains("| `capacity` | int | `100` | no | Maximum number of events held. | at least 1 |  |\n")
                .contains("| `byteCapacity` | long |  | no | Bytes held. |  | `byte.capacity` (deprecated) |\n")
                .contains("| `port` | int |  | yes | Port. | between 1 and 65535 |  |\n")
                .contains("Transaction capacity: `transactionCapacity`.")
                .contains("Batch size: `batchSize`")
                .contains("| Pass-through prefix | Description |\n|---|---|\n| `extra.` | Passed \\| through. |\n")
                .contains("| Refused key | Why |\n|---|---|\n| `zookeeperConnect` | ZooKeeper is gone; use bootstrap servers |")
                .contains("| Ignored key | Why |\n|---|---|\n| `keep-alive` | puts never wait here |")
                .contains("### `default`\n\nTest default.\n\nProvider: `" + TestProviders.DefaultProcessor.class.getName()
                        + "`\n\nNo keys.\n");
        assertThat(md.indexOf("### `test-netcat`")).isLessThan(md.indexOf("### `test-seq`"));
        assertThat(md.indexOf("## Sources")).isLessThan(md.indexOf("## Channels"));
    }

    @Test
    void isDeterministicWhateverTheProviderOrder() {
        List<io.flafka.api.ComponentProvider<?>> shuffled = new ArrayList<>(TestProviders.all());
        Collections.reverse(shuffled);
        assertThat(ConfigReference.markdown(ComponentRegistry.of(shuffled)))
                .isEqualTo(ConfigReference.markdown(TestProviders.registry()));
    }

    @Test
    void aliasesAreListed() {
        String md = ConfigReference.markdown(ComponentRegistry.of(List.of(
                TestProviders.channel("test-x", "zeta", "com.example.XChannel"))));
        assertThat(md).contains("Also accepted as: `com.example.XChannel`, `zeta`.");
        assertThat(md).contains("No source types are installed.");
    }
}
