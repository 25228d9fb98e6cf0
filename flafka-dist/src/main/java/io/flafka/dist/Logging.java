package io.flafka.dist;

import ch.qos.logback.classic.LoggerContext;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import org.slf4j.ILoggerFactory;
import org.slf4j.LoggerFactory;

/**
 * Chooses logback's configuration before the first logger is made: an explicit
 * {@code -Dlogback.configurationFile} wins, then {@code <conf dir>/logback.xml}, then a
 * {@code logback.xml} on the classpath (bin/flafka puts the conf directory there), then Flafka's
 * built-in default (INFO to stderr).
 */
final class Logging {
    static final String CONFIG_PROPERTY = "logback.configurationFile";

    private Logging() {
    }

    static void configure(Path confDir) {
        if (System.getProperty(CONFIG_PROPERTY) != null) {
            return;
        }
        if (confDir != null) {
            Path file = confDir.resolve("logback.xml");
            if (Files.isRegularFile(file)) {
                System.setProperty(CONFIG_PROPERTY, file.toAbsolutePath().toString());
                return;
            }
        }
        ClassLoader cl = Logging.class.getClassLoader();
        if (cl.getResource("logback.xml") != null || cl.getResource("logback-test.xml") != null) {
            return;
        }
        URL fallback = Logging.class.getResource("logback-default.xml");
        if (fallback != null) {
            System.setProperty(CONFIG_PROPERTY, fallback.toString());
        }
    }

    /** Flushes and stops logback (used just before the JVM halts). */
    static void shutdown() {
        ILoggerFactory f = LoggerFactory.getILoggerFactory();
        if (f instanceof LoggerContext lc) {
            lc.stop();
        }
    }
}
