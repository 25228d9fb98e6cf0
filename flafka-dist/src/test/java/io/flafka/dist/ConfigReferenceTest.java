package io.flafka.dist;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The checked-in configuration reference matches the components' declarations. */
class ConfigReferenceTest {
    static final Path CHECKED_IN = Path.of("..", "docs", "configuration-reference.md");

    @Test
    void checkedInReferenceIsUpToDate() throws Exception {
        String generated = ConfigReferenceMain.markdown(ConfigReferenceTest.class.getClassLoader());
        assertThat(CHECKED_IN).as("docs/configuration-reference.md is missing; generate it with: "
                + ConfigReferenceMain.REGENERATE).isRegularFile();
        String checkedIn = Files.readString(CHECKED_IN, StandardCharsets.UTF_8);
        assertThat(checkedIn.equals(generated))
                .as("docs/configuration-reference.md is stale (a component's keys, defaults or docs changed); "
                        + "regenerate it from the repository root with: " + ConfigReferenceMain.REGENERATE)
                .isTrue();
    }

    @Test
    void referenceCoversEveryInstalledKind() {
        String generated = ConfigReferenceMain.markdown(ConfigReferenceTest.class.getClassLoader());
        assertThat(generated).contains("### `memory`", "### `kafka`", "### `netcat`", "### `file_roll`",
                "### `regex_extractor`", "### `failover`");
    }
}
