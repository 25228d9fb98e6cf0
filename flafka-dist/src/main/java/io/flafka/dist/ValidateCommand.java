package io.flafka.dist;

import io.flafka.api.config.ConfigError;
import io.flafka.core.config.LoadResult;
import io.flafka.core.config.TopologyPrinter;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code flafka validate}: checks a configuration without starting anything. Prints the topology,
 * warnings and notes and exits 0; or prints every error, one per line ({@code agent.component.key:
 * message}), and exits 2.
 */
@Command(name = "validate", mixinStandardHelpOptions = true, versionProvider = Main.VersionProvider.class,
        description = "Check a configuration and print the agent's topology; exit 2 listing every error.")
final class ValidateCommand implements Callable<Integer> {
    enum Graph { text, mermaid, dot }

    @Mixin
    CommonOptions common;

    @Mixin
    ConfigOptions config;

    @Option(names = "--graph", paramLabel = "FORMAT", defaultValue = "text",
            description = "How to print the topology: ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}).")
    Graph graph;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        common.apply();
        LoadResult result = new AgentLoader(config).load();
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        if (!result.ok()) {
            for (ConfigError e : result.diagnostics().errors()) {
                err.println(e);
            }
            printNotes(result, err);
            err.println(result.diagnostics().errors().size() + " error(s); agent '" + config.name
                    + "' would not start.");
            err.flush();
            return Main.USAGE;
        }
        String topology = switch (graph) {
            case text -> TopologyPrinter.text(result.spec());
            case mermaid -> TopologyPrinter.mermaid(result.spec());
            case dot -> TopologyPrinter.dot(result.spec());
        };
        out.print(topology.endsWith("\n") ? topology : topology + "\n");
        printNotes(result, out);
        out.println("Configuration OK: agent '" + config.name + "' (" + result.diagnostics().warnings().size()
                + " warning(s)).");
        out.flush();
        return 0;
    }

    private static void printNotes(LoadResult result, PrintWriter w) {
        for (ConfigError x : result.diagnostics().warnings()) {
            w.println("WARNING " + x);
        }
        for (ConfigError x : result.diagnostics().infos()) {
            w.println("INFO " + x);
        }
    }
}
