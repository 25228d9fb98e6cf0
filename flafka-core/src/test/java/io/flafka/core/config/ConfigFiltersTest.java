package io.flafka.core.config;

import static org.assertj.core.api.Assertions.assertThat;

import io.flafka.api.config.ConfigError;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigFiltersTest {
    private static final String AGENT = """
            a1.sources = r1
            a1.channels = c1
            a1.sinks = k1
            a1.sources.r1.type = test-netcat
            a1.sources.r1.port = 4141
            a1.sources.r1.channels = c1
            a1.channels.c1.type = test-memory
            a1.sinks.k1.type = test-logger
            a1.sinks.k1.channel = c1
            """;

    @TempDir
    Path tmp;

    private final ConfigLoader loader = new ConfigLoader(TestProviders.registry(),
            Map.of("BIND_ADDR", "127.0.0.1", "SCRIPTS", "unused")::get, key -> null);

    private Path script(String name, String body) throws Exception {
        Path p = tmp.resolve(name);
        Files.writeString(p, "#!/bin/sh\n" + body);
        Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rwx------"));
        return p;
    }

    private LoadResult load(String text) {
        return loader.load(PropertiesFiles.parse(text), "a1");
    }

    private static List<String> errors(LoadResult r) {
        return r.diagnostics().errors().stream().map(ConfigError::toString).toList();
    }

    @Test
    void envAndExternalFiltersSupplyValues() throws Exception {
        Path secrets = script("secrets.sh", """
                if [ "$1" = "db_password" ]; then echo 's3cr3t value'; echo 'second line'; exit 0; fi
                exit 3
                """);
        LoadResult r = load(AGENT + """
                a1.configfilters = f1 f2
                a1.configfilters.f1.type = env
                a1.configfilters.f2.type = external
                a1.configfilters.f2.command = %s
                a1.sources.r1.bind = ${f1['BIND_ADDR']}
                a1.sinks.k1.password = ${f2['db_password']}
                """.formatted(secrets));
        assertThat(errors(r)).isEmpty();
        assertThat(r.spec().sources().get("r1").component().config().get(TestProviders.NetcatSource.BIND))
                .isEqualTo("127.0.0.1");
        assertThat(r.spec().sinks().get("k1").component().config().get(TestProviders.LoggerSink.PASSWORD))
                .isEqualTo("s3cr3t value");
    }

    @Test
    void externalFailuresAreErrorsAtTheKeyWithoutTheOutput() throws Exception {
        Path failing = script("failing.sh", "echo 'leaked-output'\nexit 3\n");
        Path slow = script("slow.sh", "sleep 30\necho late\n");
        LoadResult r = load(AGENT + """
                a1.configfilters = f1 f2
                a1.configfilters.f1.type = external
                a1.configfilters.f1.command = %s
                a1.configfilters.f2.type = org.apache.flume.configfilter.ExternalProcessConfigFilter
                a1.configfilters.f2.command = %s
                a1.configfilters.f2.timeoutMillis = 200
                a1.sources.r1.bind = ${f1['bind']}
                a1.sinks.k1.password = ${f2['pw']}
                """.formatted(failing, slow));
        assertThat(errors(r)).containsExactly(
                "a1.sources.r1.bind: cannot resolve '${f1['bind']}': config filter 'f1' failed: '" + failing
                        + "' exited with code 3",
                "a1.sinks.k1.password: cannot resolve '${f2['pw']}': config filter 'f2' failed: '" + slow
                        + "' did not finish within 200 ms");
        assertThat(r.diagnostics().errors()).noneMatch(e -> e.message().contains("leaked-output"));
    }

    @Test
    void filterConfigurationErrors() {
        LoadResult r = load(AGENT + """
                a1.sources.r1.bind = x
                a1.configfilters = f1 f2 f3 f4
                a1.configfilters.f1.type = hadoop
                a1.configfilters.f1.credential.provider.path = jceks://file/x
                a1.configfilters.f2.type = extrenal
                a1.configfilters.f3.type = external
                a1.configfilters.f4.type = env
                a1.configfilters.f4.foo = bar
                a1.configfilters.f5.type = env
                a1.sinks.k1.password = ${f1['db']}
                """);
        assertThat(errors(r)).containsExactly(
                "a1.configfilters.f1.type: the 'hadoop' config filter (Hadoop credential store) is not supported;"
                        + " use 'env' or 'external' (a command that prints the secret)",
                "a1.configfilters.f2.type: unknown config filter type 'extrenal'; did you mean 'external'?",
                "a1.configfilters.f3.command: is required (Executable run as '<command> <key>'; the first line it"
                        + " prints is the value)",
                "a1.configfilters.f4.foo: unknown key");
        assertThat(r.diagnostics().warnings()).extracting(ConfigError::toString)
                .containsExactly("a1.configfilters.f5: configured but not listed in a1.configfilters; ignored");
    }

    @Test
    void filterSettingsMayUseReferencesButNotFilters() throws Exception {
        Path echo = script("echo.sh", "echo \"v-$1\"\n");
        LoadResult r = load(AGENT + """
                scripts.dir = %s
                a1.configfilters = f1
                a1.configfilters.f1.type = external
                a1.configfilters.f1.command = ${scripts.dir}/echo.sh
                a1.sources.r1.bind = ${f1['host']}
                """.formatted(tmp));
        assertThat(errors(r)).isEmpty();
        assertThat(r.spec().sources().get("r1").component().raw()).containsEntry("bind", "v-host");
        assertThat(echo).exists();
    }
}
