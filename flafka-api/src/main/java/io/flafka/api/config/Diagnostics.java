package io.flafka.api.config;

import java.util.ArrayList;
import java.util.List;

/**
 * Collects what validation found: errors (the agent will not start), warnings (deprecated spellings,
 * risky settings) and INFO notes (keys accepted but meaningless here). Not thread-safe.
 */
public final class Diagnostics {
    private final List<ConfigError> errors = new ArrayList<>();
    private final List<ConfigError> warnings = new ArrayList<>();
    private final List<ConfigError> infos = new ArrayList<>();

    public void error(String path, String message) {
        errors.add(new ConfigError(path, message));
    }

    public void warn(String path, String message) {
        warnings.add(new ConfigError(path, message));
    }

    public void info(String path, String message) {
        infos.add(new ConfigError(path, message));
    }

    public List<ConfigError> errors() {
        return errors;
    }

    public List<ConfigError> warnings() {
        return warnings;
    }

    public List<ConfigError> infos() {
        return infos;
    }

    public boolean hasErrors() {
        return !errors.isEmpty();
    }

    /** Adds everything another collection found. */
    public void addAll(Diagnostics other) {
        errors.addAll(other.errors);
        warnings.addAll(other.warnings);
        infos.addAll(other.infos);
    }

    /** Throws a {@link ConfigException} listing every error, if there is any. */
    public void throwIfErrors() {
        if (!errors.isEmpty()) {
            throw new ConfigException(errors);
        }
    }
}
