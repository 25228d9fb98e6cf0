package io.flafka.core.config;

import static org.assertj.core.api.Assertions.assertThat;

import io.flafka.api.config.Diagnostics;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PropertiesFilesTest {
    @TempDir
    Path tmp;

    @Test
    void keepsFileOrderAndFollowsPropertiesRules() {
        Map<String, String> p = PropertiesFiles.parse("""
                # comment
                ! also a comment
                z.last = 1
                a.first : 2
                m.middle 3
                multi = one \\
                        two
                esc\\ aped\\=key = tab\\there \\u00e9
                z.last = override
                """);
        assertThat(p.keySet()).containsExactly("z.last", "a.first", "m.middle", "multi", "esc aped=key");
        assertThat(p).containsEntry("z.last", "override").containsEntry("a.first", "2")
                .containsEntry("m.middle", "3").containsEntry("multi", "one two")
                .containsEntry("esc aped=key", "tab\there é");
    }

    @Test
    void laterFilesOverrideEarlierOnes() throws Exception {
        Path a = Files.writeString(tmp.resolve("a.properties"), "k1 = a\nk2 = a\n");
        Path b = Files.writeString(tmp.resolve("b.properties"), "k2 = b\nk3 = b\n");
        Diagnostics d = new Diagnostics();
        Map<String, String> p = PropertiesFiles.read(List.of(a, b), d);
        assertThat(d.hasErrors()).isFalse();
        assertThat(p.keySet()).containsExactly("k1", "k2", "k3");
        assertThat(p).containsEntry("k2", "b");
    }

    @Test
    void problemsBecomeDiagnostics() throws Exception {
        Diagnostics d = new Diagnostics();
        Path missing = tmp.resolve("missing.properties");
        Path bad = Files.writeString(tmp.resolve("bad.properties"), "k = \\uZZZZ\n");
        Path latin = tmp.resolve("latin.properties");
        Files.write(latin, "k = caf\u00e9\n".getBytes(StandardCharsets.ISO_8859_1));
        Map<String, String> p = PropertiesFiles.read(List.of(missing, bad, latin), d);
        assertThat(d.errors()).extracting(Object::toString)
                .containsExactly(missing + ": no such file", bad + ": is not a valid properties file: Malformed \\uxxxx encoding.");
        assertThat(d.warnings()).extracting(Object::toString)
                .containsExactly(latin + ": is not valid UTF-8; read as ISO-8859-1");
        assertThat(p).containsEntry("k", "café");
    }
}
