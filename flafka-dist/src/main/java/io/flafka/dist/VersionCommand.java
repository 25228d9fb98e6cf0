package io.flafka.dist;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code flafka version}: prints Flafka's and Java's versions. */
@Command(name = "version", description = "Print the version.", mixinStandardHelpOptions = true,
        versionProvider = Main.VersionProvider.class)
final class VersionCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        var out = spec.commandLine().getOut();
        out.println("Flafka " + Version.get());
        out.println("Java " + System.getProperty("java.version") + " (" + System.getProperty("java.vendor") + ")");
        out.flush();
        return 0;
    }
}
