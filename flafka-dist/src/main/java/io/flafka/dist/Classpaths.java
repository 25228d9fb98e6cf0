package io.flafka.dist;

import io.flafka.core.registry.PluginDirectories;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * The class loader components are found with: the application's, then {@code -C} entries, then the
 * plugins directories. Jars already on the JVM classpath (bin/flafka puts them there too) are found
 * by the parent first, so listing them twice is harmless.
 */
final class Classpaths {
    private Classpaths() {
    }

    static ClassLoader componentLoader(List<String> classpath, List<Path> pluginsDirs) {
        ClassLoader base = Classpaths.class.getClassLoader();
        List<URL> urls = new ArrayList<>();
        for (String entry : classpath) {
            if (!entry.isBlank()) {
                addEntry(entry.trim(), urls);
            }
        }
        if (!urls.isEmpty()) {
            base = new URLClassLoader("flafka-classpath", urls.toArray(URL[]::new), base);
        }
        return PluginDirectories.classLoader(pluginsDirs, base);
    }

    /** A jar, a directory, or {@code dir/*} (every jar in dir), as on a java command line. */
    static void addEntry(String entry, List<URL> urls) {
        try {
            if (entry.endsWith("/*") || entry.equals("*")) {
                Path dir = Path.of(entry.length() == 1 ? "." : entry.substring(0, entry.length() - 2));
                if (Files.isDirectory(dir)) {
                    try (Stream<Path> s = Files.list(dir)) {
                        for (Path jar : s.filter(p -> p.toString().endsWith(".jar")).sorted().toList()) {
                            urls.add(jar.toUri().toURL());
                        }
                    }
                }
            } else {
                urls.add(Path.of(entry).toUri().toURL());
            }
        } catch (MalformedURLException e) {
            throw new IllegalArgumentException("bad classpath entry '" + entry + "': " + e.getMessage(), e);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list classpath entry '" + entry + "'", e);
        }
    }
}
