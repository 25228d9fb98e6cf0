package io.flafka.dist;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;

/** Flafka's version, as written into the jar at build time. */
public final class Version {
    private Version() {
    }

    /** The project version, e.g. {@code 0.1.0-SNAPSHOT}, or {@code unknown} outside a build. */
    public static String get() {
        try (InputStream in = Version.class.getResourceAsStream("flafka-version.properties")) {
            if (in == null) {
                return "unknown";
            }
            Properties p = new Properties();
            p.load(in);
            String v = p.getProperty("version", "unknown");
            return v.startsWith("${") ? "unknown" : v;
        } catch (IOException e) {
            return "unknown";
        }
    }
}
