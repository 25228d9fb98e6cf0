package io.flafka.dist;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class ValidateCommandTest {
    static final String GOOD = String.join("\n",
            "a1.sources = r1",
            "a1.channels = c1",
            "a1.sinks = k1",
            "a1.sources.r1.type = seq",
            "a1.sources.r1.channels = c1",
            "a1.channels.c1.type = memory",
            "a1.sinks.k1.type = logger",
            "a1.sinks.k1.channel = c1",
            "");

    @TempDir
    Path dir;

    final StringWriter out = new StringWriter();
    final StringWriter err = new StringWriter();

    int run(String... args) {
        CommandLine cl = Main.commandLine();
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        return cl.execute(args);
    }

    Path file(String name, String content) throws Exception {
        Path f = dir.resolve(name);
        Files.writeString(f, content);
        return f;
    }

    @Test
    void goodFilePrintsTopologyAndExits0() throws Exception {
        Path f = file("good.properties", GOOD);
        assertThat(run("validate", "-n", "a1", "-f", f.toString())).isZero();
        assertThat(out.toString()).contains("r1").contains("c1").contains("k1").contains("seq")
                .contains("Configuration OK");
        assertThat(err.toString()).isEmpty();
    }

    @Test
    void longSpellingsAndGraphs() throws Exception {
        Path f = file("good.properties", GOOD);
        assertThat(run("validate", "--name", "a1", "--conf-file", f.toString(), "--graph", "mermaid")).isZero();
        assertThat(out.toString()).contains("flowchart");
        out.getBuffer().setLength(0);
        assertThat(run("validate", "--name=a1", "--conf-file=" + f, "--graph", "dot")).isZero();
        assertThat(out.toString()).contains("digraph");
    }

    @Test
    void brokenFileListsEveryErrorOnePerLineAndExits2() throws Exception {
        Path f = file("bad.properties", GOOD.replace("type = seq", "type = seqq")
                .replace("a1.sinks.k1.channel = c1", "a1.sinks.k1.channel = c9")
                + "a1.channels.c1.capacity = lots\n");
        assertThat(run("validate", "-n", "a1", "-f", f.toString())).isEqualTo(2);
        String e = err.toString();
        assertThat(e).contains("a1.sources.r1.type: ").contains("a1.sinks.k1.channel: ")
                .contains("a1.channels.c1.capacity: ").doesNotContain("Exception").doesNotContain("\tat ");
        assertThat(e.lines().filter(l -> l.startsWith("a1.")).count()).isEqualTo(3);
        assertThat(out.toString()).doesNotContain("Configuration OK");
    }

    @Test
    void missingFileAndUnknownAgentAreUserMistakes() throws Exception {
        assertThat(run("validate", "-n", "a1", "-f", dir.resolve("nope.properties").toString())).isEqualTo(2);
        assertThat(err.toString()).contains("nope.properties: no such file").doesNotContain("\tat ");
        err.getBuffer().setLength(0);
        Path f = file("good.properties", GOOD);
        assertThat(run("validate", "-n", "zz", "-f", f.toString())).isEqualTo(2);
        assertThat(err.toString()).contains("zz").doesNotContain("\tat ");
    }

    @Test
    void missingRequiredOptionIsUsage() {
        assertThat(run("validate", "-f", "x.properties")).isEqualTo(2);
        assertThat(err.toString()).contains("Missing required option").contains("--name");
    }

    @Test
    void agentDryrunValidatesOnly() throws Exception {
        Path f = file("good.properties", GOOD);
        assertThat(run("agent", "-n", "a1", "-f", f.toString(), "--dryrun")).isZero();
        assertThat(out.toString()).contains("Configuration OK");
        Path bad = file("bad.properties", GOOD.replace("type = seq", "type = nope"));
        assertThat(run("agent", "-n", "a1", "-f", bad.toString(), "--dryrun")).isEqualTo(2);
        assertThat(err.toString()).contains("a1.sources.r1.type: ").doesNotContain("\tat ");
    }
}
