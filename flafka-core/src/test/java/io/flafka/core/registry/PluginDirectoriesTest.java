package io.flafka.core.registry;

import static org.assertj.core.api.Assertions.assertThat;

import io.flafka.api.ComponentKind;
import io.flafka.api.ComponentProvider;
import io.flafka.api.Source;
import java.io.IOException;
import java.io.OutputStream;
import java.net.URISyntaxException;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.stream.Stream;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Builds real plugin jars at test time (javac + java.util.jar) and loads them from a plugins.d tree. */
class PluginDirectoriesTest {
    @TempDir
    Path tmp;

    @Test
    void missingDirectoriesGiveTheParentLoader() {
        ClassLoader parent = getClass().getClassLoader();
        assertThat(PluginDirectories.classLoader(List.of(tmp.resolve("nope")), parent)).isSameAs(parent);
        assertThat(PluginDirectories.classLoader(List.of(), parent)).isSameAs(parent);
    }

    @Test
    void providersAndClassesInPluginJarsAreFound() throws Exception {
        Path classes = compile("""
                package plug;
                public class PlugProvider implements io.flafka.api.ComponentProvider<io.flafka.api.Channel> {
                    public io.flafka.api.ComponentKind kind() { return io.flafka.api.ComponentKind.CHANNEL; }
                    public String type() { return "test-plugin-channel"; }
                    public io.flafka.api.config.ConfigDef configDef() { return io.flafka.api.config.ConfigDef.of(); }
                    public io.flafka.api.Channel create(io.flafka.api.ComponentContext c) { return () -> null; }
                }
                """, "plug/PlugProvider.java");
        Path depClasses = compile("""
                package dep;
                public class DepSource implements io.flafka.api.Source {
                    public DepSource() { }
                    public void start(io.flafka.api.ChannelProcessor p) { }
                    public void stop() { }
                }
                """, "dep/DepSource.java");
        Path pluginsD = tmp.resolve("plugins.d");
        jar(classes, pluginsD.resolve("my-plugin/lib/my-plugin.jar"),
                "plug.PlugProvider");
        jar(depClasses, pluginsD.resolve("my-plugin/libext/dep.jar"), null);
        Files.createDirectories(pluginsD.resolve("empty-plugin"));
        Files.writeString(pluginsD.resolve("README.txt"), "not a plugin");

        assertThat(PluginDirectories.jars(List.of(pluginsD, tmp.resolve("missing"))))
                .containsExactly(pluginsD.resolve("my-plugin/lib/my-plugin.jar"),
                        pluginsD.resolve("my-plugin/libext/dep.jar"));

        ClassLoader cl = PluginDirectories.classLoader(List.of(tmp.resolve("missing"), pluginsD),
                getClass().getClassLoader());
        assertThat(cl).isInstanceOf(URLClassLoader.class);
        ComponentRegistry r = ComponentRegistry.discover(cl);
        assertThat(r.providers(ComponentKind.CHANNEL)).extracting(ComponentProvider::type)
                .contains("test-plugin-channel");
        ComponentFactory f = r.resolve(ComponentKind.SOURCE, "dep.DepSource").orElseThrow();
        assertThat(f.typeName()).isEqualTo("dep.DepSource");
        assertThat(f.create(ComponentRegistryTest.context(ComponentKind.SOURCE, java.util.Map.of())))
                .isInstanceOf(Source.class);
        ((URLClassLoader) cl).close();
    }

    private Path compile(String source, String relative) throws IOException, URISyntaxException {
        Path src = tmp.resolve("src-" + relative.replace('/', '_'));
        Path file = src.resolve(relative);
        Files.createDirectories(file.getParent());
        Files.writeString(file, source);
        Path out = tmp.resolve("classes-" + relative.replace('/', '_'));
        Files.createDirectories(out);
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        assertThat(javac).as("a JDK compiler").isNotNull();
        String api = Path.of(ComponentProvider.class.getProtectionDomain().getCodeSource().getLocation().toURI())
                .toString();
        int rc = javac.run(null, null, null, "-d", out.toString(), "-cp", api, "--release", "17", file.toString());
        assertThat(rc).isZero();
        return out;
    }

    private static void jar(Path classes, Path jar, String provider) throws IOException {
        Files.createDirectories(jar.getParent());
        try (OutputStream os = Files.newOutputStream(jar); JarOutputStream j = new JarOutputStream(os);
             Stream<Path> files = Files.walk(classes)) {
            for (Path p : files.filter(Files::isRegularFile).sorted().toList()) {
                j.putNextEntry(new JarEntry(classes.relativize(p).toString().replace('\\', '/')));
                j.write(Files.readAllBytes(p));
                j.closeEntry();
            }
            if (provider != null) {
                j.putNextEntry(new JarEntry("META-INF/services/io.flafka.api.ComponentProvider"));
                j.write((provider + "\n").getBytes(StandardCharsets.UTF_8));
                j.closeEntry();
            }
        }
    }
}
