package io.flafka.api.config;

import io.flafka.api.FlafkaException;
import java.util.List;
import java.util.stream.Collectors;

/** The configuration has user mistakes; each is listed. Reported without a stack trace. */
public class ConfigException extends FlafkaException {
    private static final long serialVersionUID = 1L;
    private final transient List<ConfigError> errors;

    public ConfigException(List<ConfigError> errors) {
        super(errors.stream().map(ConfigError::toString).collect(Collectors.joining("\n")));
        this.errors = List.copyOf(errors);
    }

    /** One error at one key. */
    public ConfigException(String path, String message) {
        this(List.of(new ConfigError(path, message)));
    }

    public List<ConfigError> errors() {
        return errors;
    }
}
