package io.flafka.core.config;

import static org.assertj.core.api.Assertions.assertThat;

import io.flafka.api.config.Diagnostics;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SubstitutionTest {
    private final Map<String, String> env = Map.of("HOME_DIR", "/home/flafka", "WHICH", "HOME_DIR",
            "SECRET", "pa${ss");
    private final Map<String, String> sys = Map.of("flafka.port", "4141");
    private final Diagnostics d = new Diagnostics();

    private Substitutor substitutor(Map<String, String> all) {
        return new Substitutor(all, env::get, sys::get, Map.of("f1", key -> key.equals("db") ? "s3cr3t" : null), d);
    }

    private static Map<String, String> props(String... kv) {
        Map<String, String> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put(kv[i], kv[i + 1]);
        }
        return m;
    }

    @Test
    void resolvesEnvSysKeysFiltersAndDefaults() {
        Substitutor s = substitutor(props(
                "base", "/data",
                "a1.dir", "${base}/spool",
                "a1.home", "${env:HOME_DIR}/x",
                "a1.port", "${sys:flafka.port}",
                "a1.pw", "${f1['db']}",
                "a1.pw2", "${f1[\"db\"]}",
                "a1.missing", "${env:NOPE:-fallback}",
                "a1.plain", "no references"));
        assertThat(s.value("a1.dir")).isEqualTo("/data/spool");
        assertThat(s.value("a1.home")).isEqualTo("/home/flafka/x");
        assertThat(s.value("a1.port")).isEqualTo("4141");
        assertThat(s.value("a1.pw")).isEqualTo("s3cr3t");
        assertThat(s.value("a1.pw2")).isEqualTo("s3cr3t");
        assertThat(s.value("a1.missing")).isEqualTo("fallback");
        assertThat(s.value("a1.plain")).isEqualTo("no references");
        assertThat(d.errors()).isEmpty();
    }

    @Test
    void nestedAndRecursiveReferences() {
        Substitutor s = substitutor(props(
                "var", "WHICH",
                "a1.nested", "${env:${env:${var}}}",
                "a1.chain", "${b}",
                "b", "${c}-b",
                "c", "c"));
        assertThat(s.value("a1.nested")).isEqualTo("/home/flafka");
        assertThat(s.value("a1.chain")).isEqualTo("c-b");
    }

    @Test
    void escapedReferencesStayLiteralAndExternalValuesAreNotReinterpreted() {
        Substitutor s = substitutor(props(
                "a1.lit", "cost: $${not.a.ref} and ${env:SECRET}",
                "a1.unterminated", "${oops"));
        assertThat(s.value("a1.lit")).isEqualTo("cost: ${not.a.ref} and pa${ss");
        assertThat(s.value("a1.unterminated")).isEqualTo("${oops");
        assertThat(d.errors()).isEmpty();
    }

    @Test
    void cyclesAreReportedOnceNamingTheChain() {
        Substitutor s = substitutor(props("a1.x", "${a1.y}", "a1.y", "${a1.z}", "a1.z", "${a1.x}", "a1.self", "${a1.self}"));
        assertThat(s.value("a1.x")).isNull();
        assertThat(s.value("a1.y")).isNull();
        assertThat(s.value("a1.z")).isNull();
        assertThat(s.value("a1.self")).isNull();
        assertThat(d.errors()).extracting(Object::toString).containsExactly(
                "a1.x: reference cycle: a1.x -> a1.y -> a1.z -> a1.x",
                "a1.self: reference cycle: a1.self -> a1.self");
    }

    @Test
    void unresolvableReferencesNameTheKeyButNeverTheValue() {
        Substitutor s = substitutor(props(
                "a1.e", "secretprefix-${env:NOPE}",
                "a1.s", "${sys:nope}",
                "a1.k", "${no.such.key}",
                "a1.f", "${f1['other']}",
                "a1.g", "${f9['db']}",
                "a1.j", "${java:version}",
                "a1.dep", "${a1.k}",
                "a1.secret.password", "hunter2",
                "a1.nested", "${env:${a1.secret.password}}"));
        for (String k : new String[]{"a1.e", "a1.s", "a1.k", "a1.f", "a1.g", "a1.j", "a1.dep", "a1.nested"}) {
            assertThat(s.value(k)).as(k).isNull();
            assertThat(s.failed(k)).isTrue();
        }
        assertThat(d.errors()).extracting(Object::toString).containsExactly(
                "a1.e: cannot resolve '${env:NOPE}': environment variable 'NOPE' is not set",
                "a1.s: cannot resolve '${sys:nope}': system property 'nope' is not set",
                "a1.k: cannot resolve '${no.such.key}': no key 'no.such.key' in the configuration",
                "a1.f: cannot resolve '${f1['other']}': config filter 'f1' has no value for 'other'",
                "a1.g: cannot resolve '${f9['db']}': no config filter 'f9' (list it in <agent>.configfilters)",
                "a1.j: cannot resolve '${java:version}': lookup 'java:' is not supported (use env:, sys:, a key, or a config filter)",
                "a1.nested: cannot resolve '${env:${a1.secret.password}}': the environment variable it names is not set");
        assertThat(d.errors()).noneMatch(e -> e.message().contains("secretprefix") || e.message().contains("hunter2"));
    }
}
