package io.flafka.dist;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import picocli.CommandLine;

import org.junit.jupiter.api.Test;

class MainTest {
    final StringWriter out = new StringWriter();
    final StringWriter err = new StringWriter();

    int run(String... args) {
        CommandLine cl = Main.commandLine();
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        return cl.execute(args);
    }

    @Test
    void versionPrintsTheProjectVersion() {
        assertThat(run("version")).isZero();
        assertThat(out.toString()).startsWith("Flafka ").doesNotContain("unknown").contains("Java ");
    }

    @Test
    void unknownCommandOrOptionIsUsageAndExit2() {
        assertThat(run("bogus")).isEqualTo(2);
        assertThat(err.toString()).contains("Usage: flafka").doesNotContain("Exception").doesNotContain("\tat ");
        err.getBuffer().setLength(0);
        assertThat(run("version", "--nope")).isEqualTo(2);
        assertThat(err.toString()).contains("Unknown option").contains("Usage: flafka version");
    }

    @Test
    void noCommandIsUsageAndExit2() {
        assertThat(run()).isEqualTo(2);
        assertThat(err.toString()).contains("Missing command").contains("Commands:");
    }

    @Test
    void helpIsExit0() {
        assertThat(run("--help")).isZero();
        assertThat(out.toString()).contains("version");
    }
}
