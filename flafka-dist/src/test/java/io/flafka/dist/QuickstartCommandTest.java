package io.flafka.dist;

import static org.assertj.core.api.Assertions.assertThat;

import io.flafka.api.ComponentKind;
import io.flafka.core.config.ConfigLoader;
import io.flafka.core.config.LoadResult;
import io.flafka.core.registry.ComponentRegistry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The quickstart's configuration and traffic; the whole run is {@link QuickstartIT}. */
class QuickstartCommandTest {
    static final ComponentRegistry REGISTRY = ComponentRegistry.discover(QuickstartCommandTest.class.getClassLoader());

    @TempDir
    Path dir;

    LoadResult load(String text) throws Exception {
        Path conf = dir.resolve("quickstart.properties");
        Files.writeString(conf, text);
        return new ConfigLoader(REGISTRY).load(List.of(conf), QuickstartCommand.AGENT);
    }

    @Test
    void fileRollVariantIsValidWithTheRealComponents() throws Exception {
        LoadResult r = load(QuickstartConfig.text("127.0.0.1:9092", 44444, dir.resolve("files"), false));
        assertThat(r.ok()).as(r.diagnostics().errors().toString()).isTrue();
        assertThat(r.diagnostics().warnings()).as("no warnings").isEmpty();
    }

    @Test
    void hdfsVariantIsValidOnceTheHdfsSinkIsInstalled() throws Exception {
        if (REGISTRY.resolve(ComponentKind.SINK, "hdfs").isEmpty()) {
            return; // the HDFS sink is not on this classpath yet: the quickstart uses file_roll
        }
        LoadResult r = load(QuickstartConfig.text("127.0.0.1:9092", 44444, dir.resolve("hdfs"), true));
        assertThat(r.ok()).as(r.diagnostics().errors().toString()).isTrue();
    }

    @Test
    void inFlightInterceptorsKeepOnlyTransactionsAndMaskTheCard() throws Exception {
        String text = QuickstartConfig.text("127.0.0.1:9092", 44444, dir.resolve("files"), false);
        assertThat(text).contains("allowTopicOverride = false").contains("parseAsFlumeEvent = false");
        String line = new TransactionGenerator(1, 10).line();
        assertThat(line).matches("[0-9a-f-]{36}\\|4\\d{15}\\|\\d{4}-\\d{2}-\\d{2} \\d{2}:\\d{2}:\\d{2}\\|\\d+\\.\\d{2}"
                + "\\|store-\\d{3}");
        // the same patterns as in the file, unescaped the way Properties reads them
        java.util.Properties p = new java.util.Properties();
        p.load(new java.io.StringReader(text));
        String prefix = "quickstart.sources.r2.interceptors.";
        assertThat(line).containsPattern("^" + p.getProperty(prefix + "valid.regex").substring(1));
        assertThat(line.matches(p.getProperty(prefix + "fields.regex"))).isTrue();
        String masked = line.replaceAll(p.getProperty(prefix + "mask.searchPattern"),
                p.getProperty(prefix + "mask.replaceString"));
        assertThat(masked.split("\\|")[1]).matches("\\d{4}\\*{8}\\d{4}");
    }
}
