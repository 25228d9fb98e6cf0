package io.flafka.dist;

import io.flafka.core.config.ConfigReference;
import io.flafka.core.registry.ComponentRegistry;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Writes {@code docs/configuration-reference.md}: the configuration reference of every component on this
 * JVM's classpath (the whole distribution), generated from the components' own declarations.
 * {@code java -cp 'flafka-dist/target/flafka/lib/*' io.flafka.dist.ConfigReferenceMain [FILE]}; without
 * FILE it prints to stdout. {@code ConfigReferenceTest} fails when the checked-in file is stale.
 */
public final class ConfigReferenceMain {
    /** The command that regenerates the checked-in file, from the repository's root. */
    public static final String REGENERATE = "mvn -B -q -DskipTests package && java -cp 'flafka-dist/target/flafka/lib/*' "
            + ConfigReferenceMain.class.getName() + " docs/configuration-reference.md";

    private ConfigReferenceMain() {
    }

    /** The reference of every component {@code loader} finds. */
    public static String markdown(ClassLoader loader) {
        return ConfigReference.markdown(ComponentRegistry.discover(loader));
    }

    public static void main(String[] args) throws IOException {
        String text = markdown(ConfigReferenceMain.class.getClassLoader());
        if (args.length == 0) {
            System.out.print(text);
        } else {
            Path out = Path.of(args[0]);
            if (out.toAbsolutePath().getParent() != null) {
                Files.createDirectories(out.toAbsolutePath().getParent());
            }
            Files.writeString(out, text, StandardCharsets.UTF_8);
            System.out.println("Wrote " + out.toAbsolutePath().normalize());
        }
    }
}
