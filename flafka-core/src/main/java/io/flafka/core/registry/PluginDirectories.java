package io.flafka.core.registry;

import java.io.IOException;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Flume's {@code plugins.d} layout: each directory given holds one sub-directory per plugin, whose
 * {@code lib/*.jar} (the plugin) and {@code libext/*.jar} (its dependencies) are put on one class
 * loader above the agent's. Missing directories are skipped. Jars are added in name order, so the
 * result does not depend on the file system's listing order. ({@code native/} libraries cannot be
 * added to a running JVM; put them on {@code -Djava.library.path}.)
 */
public final class PluginDirectories {
    private static final Logger LOG = LoggerFactory.getLogger(PluginDirectories.class);

    private PluginDirectories() {
    }

    /**
     * A class loader over every plugin jar below {@code pluginsDirs}, or {@code parent} itself when
     * there is none.
     */
    public static ClassLoader classLoader(List<Path> pluginsDirs, ClassLoader parent) {
        List<URL> urls = new ArrayList<>();
        for (Path dir : pluginsDirs) {
            if (!Files.isDirectory(dir)) {
                LOG.debug("Plugins directory {} does not exist; skipped", dir);
                continue;
            }
            for (Path plugin : sorted(dir)) {
                if (Files.isDirectory(plugin)) {
                    addJars(plugin.resolve("lib"), urls);
                    addJars(plugin.resolve("libext"), urls);
                }
            }
        }
        if (urls.isEmpty()) {
            return parent;
        }
        return new URLClassLoader("flafka-plugins", urls.toArray(URL[]::new), parent);
    }

    /** The jar files of every plugin below {@code pluginsDirs}, in the order they are loaded. */
    public static List<Path> jars(List<Path> pluginsDirs) {
        List<Path> out = new ArrayList<>();
        for (Path dir : pluginsDirs) {
            if (Files.isDirectory(dir)) {
                for (Path plugin : sorted(dir)) {
                    if (Files.isDirectory(plugin)) {
                        out.addAll(jarsIn(plugin.resolve("lib")));
                        out.addAll(jarsIn(plugin.resolve("libext")));
                    }
                }
            }
        }
        return out;
    }

    private static void addJars(Path dir, List<URL> urls) {
        for (Path jar : jarsIn(dir)) {
            try {
                urls.add(jar.toUri().toURL());
                LOG.info("Plugin jar {}", jar);
            } catch (MalformedURLException e) {
                LOG.warn("Plugin jar {} skipped: {}", jar, e.getMessage());
            }
        }
    }

    private static List<Path> jarsIn(Path dir) {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        return sorted(dir).stream()
                .filter(p -> Files.isRegularFile(p) && p.getFileName().toString().endsWith(".jar"))
                .toList();
    }

    private static List<Path> sorted(Path dir) {
        try (Stream<Path> s = Files.list(dir)) {
            return s.sorted().toList();
        } catch (IOException e) {
            LOG.warn("Plugins directory {} skipped: cannot list it: {}", dir, e.toString());
            return List.of();
        }
    }
}
