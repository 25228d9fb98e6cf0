package io.flafka.dist;

import io.flafka.api.config.ConfigError;
import io.flafka.api.config.ConfigException;
import io.flafka.core.config.ConfigLoader;
import io.flafka.core.config.LoadResult;
import io.flafka.core.registry.ComponentRegistry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Finds the components (ServiceLoader over the component class loader) and loads configuration files. */
final class AgentLoader {
    private final ConfigLoader loader;
    private final List<Path> files;
    private final String agentName;

    AgentLoader(ConfigOptions options) {
        ClassLoader cl = Classpaths.componentLoader(options.classpath, options.pluginsDirs());
        this.loader = new ConfigLoader(ComponentRegistry.discover(cl));
        this.files = List.copyOf(options.files);
        this.agentName = options.name;
    }

    List<Path> files() {
        return files;
    }

    String agentName() {
        return agentName;
    }

    /**
     * Loads the files; a missing or unreadable file is a user mistake.
     *
     * @throws ConfigException when a file cannot be read
     */
    LoadResult load() {
        List<ConfigError> missing = new ArrayList<>();
        for (Path f : files) {
            if (!Files.isRegularFile(f)) {
                missing.add(new ConfigError(f.toString(), Files.exists(f) ? "not a regular file" : "no such file"));
            } else if (!Files.isReadable(f)) {
                missing.add(new ConfigError(f.toString(), "not readable"));
            }
        }
        if (!missing.isEmpty()) {
            throw new ConfigException(missing);
        }
        try {
            return loader.load(files, agentName);
        } catch (RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException("cannot load " + files + ": " + e.getMessage(), e);
        }
    }
}
