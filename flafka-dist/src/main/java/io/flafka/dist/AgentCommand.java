package io.flafka.dist;

import java.util.concurrent.Callable;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code flafka agent}: runs an agent, as {@code flume-ng agent} does, with the same options. Stops
 * gracefully on SIGTERM or Ctrl-C and exits 0.
 */
@Command(name = "agent", mixinStandardHelpOptions = true, versionProvider = Main.VersionProvider.class,
        description = "Run an agent (flume-ng agent's options are accepted).")
final class AgentCommand implements Callable<Integer> {
    @Mixin
    CommonOptions common;

    @Mixin
    ConfigOptions config;

    @Option(names = "--no-reload-conf", description = "Do not reload the configuration when its files change.")
    boolean noReload;

    @Option(names = "--dryrun", description = "Validate the configuration and exit, starting nothing.")
    boolean dryrun;

    @Option(names = "--status", negatable = true,
            description = "Print a status line every 5 s (default: only when stdout is a terminal).")
    Boolean status;

    @Option(names = "--duration", paramLabel = "SECONDS", defaultValue = "0",
            description = "Stop after this many seconds (default: run until stopped).")
    long durationSeconds;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        common.apply();
        AgentLoader loader = new AgentLoader(config);
        if (dryrun) {
            AgentRun.loadOrThrow(loader, LoggerFactory.getLogger(AgentCommand.class));
            spec.commandLine().getOut().println("Configuration OK: agent '" + config.name + "'");
            spec.commandLine().getOut().flush();
            return 0;
        }
        boolean showStatus = status != null ? status : System.console() != null;
        return new AgentRun(loader, !noReload, showStatus, durationSeconds, true).run(System.out);
    }
}
