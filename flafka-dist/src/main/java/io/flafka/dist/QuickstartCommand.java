package io.flafka.dist;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code flafka quickstart}: a first agent with nothing to set up. Writes a seq → memory → file_roll
 * configuration into {@code --dir} (default {@code ./flafka-quickstart}), runs it with the status line
 * until Ctrl-C or {@code --duration} seconds, then says where the output is.
 */
@Command(name = "quickstart", mixinStandardHelpOptions = true, versionProvider = Main.VersionProvider.class,
        description = "Run a first agent (seq -> memory -> file_roll) and show where its output goes.")
final class QuickstartCommand implements Callable<Integer> {
    static final String AGENT = "quickstart";
    static final String LOG_LEVEL_PROPERTY = "flafka.log.level";

    @Mixin
    CommonOptions common;

    @Option(names = "--dir", paramLabel = "DIR", defaultValue = "flafka-quickstart",
            description = "Where the configuration and the output go (default: ${DEFAULT-VALUE}).")
    Path dir;

    @Option(names = "--duration", paramLabel = "SECONDS", defaultValue = "0",
            description = "Stop after this many seconds (default: run until Ctrl-C).")
    long durationSeconds;

    @Option(names = "--events", paramLabel = "N", defaultValue = "1000000",
            description = "How many events the seq source makes (default: ${DEFAULT-VALUE}).")
    long events;

    @Override
    public Integer call() throws Exception {
        // the status line is the point here: keep the log to warnings unless asked otherwise
        if (System.getProperty(LOG_LEVEL_PROPERTY) == null && !common.properties.containsKey(LOG_LEVEL_PROPERTY)) {
            System.setProperty(LOG_LEVEL_PROPERTY, "WARN");
        }
        common.apply();
        Path base = dir.toAbsolutePath().normalize();
        Path out = base.resolve("out");
        Files.createDirectories(out);
        Path conf = base.resolve("quickstart.properties");
        Files.writeString(conf, configuration(out, events));
        Set<Path> before = files(out);

        PrintStream console = System.out;
        console.println(String.format(Locale.ROOT, "Flafka quickstart: seq -> memory -> file_roll (%,d events; --events N "
                + "to change)", events));
        console.println("  configuration: " + conf);
        console.println("  output:        " + out + "/");
        console.println(durationSeconds > 0 ? "  running for " + durationSeconds + " s..."
                : "  running until Ctrl-C...");
        console.flush();

        ConfigOptions options = new ConfigOptions();
        options.name = AGENT;
        options.files = List.of(conf);
        int code = new AgentRun(new AgentLoader(options), false, true, durationSeconds, true).run(console);
        console.println("Done. " + summary(out, before));
        console.println("The same agent runs again with: flafka agent -n " + AGENT + " -f " + conf);
        console.flush();
        return code;
    }

    /** The quickstart agent: Flume syntax, runnable unchanged by flume-ng. */
    static String configuration(Path out, long events) {
        return String.join("\n",
                "# Written by 'flafka quickstart'. Run again with: flafka agent -n quickstart -f <this file>",
                "quickstart.sources = r1",
                "quickstart.channels = c1",
                "quickstart.sinks = k1",
                "",
                "# numbers 0, 1, 2, ... as event bodies",
                "quickstart.sources.r1.type = seq",
                "quickstart.sources.r1.channels = c1",
                "quickstart.sources.r1.batchSize = 100",
                "quickstart.sources.r1.totalEvents = " + events,
                "",
                "quickstart.channels.c1.type = memory",
                "quickstart.channels.c1.capacity = 10000",
                "quickstart.channels.c1.transactionCapacity = 1000",
                "",
                "# one line per event; a new file every 30 s",
                "quickstart.sinks.k1.type = file_roll",
                "quickstart.sinks.k1.channel = c1",
                "quickstart.sinks.k1.sink.directory = " + out,
                "quickstart.sinks.k1.sink.rollInterval = 30",
                "quickstart.sinks.k1.sink.batchSize = 1000",
                "");
    }

    /** "N events in M new file(s) under DIR", counting only files not in {@code before}. */
    static String summary(Path out, Set<Path> before) throws IOException {
        long files = 0;
        long lines = 0;
        for (Path f : files(out)) {
            if (!before.contains(f)) {
                files++;
                try (Stream<String> l = Files.lines(f)) {
                    lines += l.count();
                }
            }
        }
        return String.format(Locale.ROOT, "%,d events in %d new file(s) under %s/", lines, files, out);
    }

    private static Set<Path> files(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(Files::isRegularFile).collect(Collectors.toCollection(TreeSet::new));
        }
    }
}
