package io.flafka.dist;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine.Option;

/**
 * Options every command that loads a configuration accepts: {@code -Dkey=value} (system properties, as
 * with flume-ng), {@code -c/--conf DIR} and {@code --debug}. {@link #apply()} must run before anything
 * logs, so that logging picks up {@code DIR/logback.xml} and {@code -D} settings.
 */
final class CommonOptions {
    @Option(names = "-D", paramLabel = "key=value", mapFallbackValue = "",
            description = "Set a Java system property, e.g. -Dflume.monitoring.type=http.")
    Map<String, String> properties = new LinkedHashMap<>();

    @Option(names = {"-c", "--conf"}, paramLabel = "DIR",
            description = "Configuration directory: its logback.xml (if any) configures logging; bin/flafka also "
                    + "puts it on the classpath after its own jars and sources its flafka-env.sh.")
    Path confDir;

    @Option(names = "--debug", description = "Show stack traces of failures.")
    boolean debug;

    /** Sets the system properties and chooses the logging configuration; call before any logging. */
    void apply() {
        properties.forEach(System::setProperty);
        Logging.configure(confDir);
    }
}
