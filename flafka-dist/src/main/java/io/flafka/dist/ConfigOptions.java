package io.flafka.dist;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Option;

/** Which agent of which files, with flume-ng's spellings, and where extra component jars live. */
final class ConfigOptions {
    @Option(names = {"-n", "--name"}, required = true, paramLabel = "NAME",
            description = "The agent's name: the prefix of its keys (a1 in a1.sources = r1).")
    String name;

    @Option(names = {"-f", "--conf-file"}, required = true, paramLabel = "FILE",
            description = "A configuration file (Flume properties); repeat to merge several, later ones win.")
    List<Path> files = new ArrayList<>();

    @Option(names = "--plugins-path", split = ":", paramLabel = "DIRS",
            description = "Colon-separated plugins.d directories (each <plugin>/lib/*.jar and <plugin>/libext/*.jar). "
                    + "Default: $FLAFKA_HOME/plugins.d.")
    List<Path> pluginsPath;

    @Option(names = {"-C", "--classpath"}, split = ":", paramLabel = "CLASSPATH",
            description = "Extra classpath entries (jars, directories, dir/*), colon-separated.")
    List<String> classpath = new ArrayList<>();

    /** The plugins directories asked for, else {@code $FLAFKA_HOME/plugins.d} when known. */
    List<Path> pluginsDirs() {
        if (pluginsPath != null) {
            return pluginsPath;
        }
        String home = System.getProperty("flafka.home");
        return home == null ? List.of() : List.of(Path.of(home, "plugins.d"));
    }
}
