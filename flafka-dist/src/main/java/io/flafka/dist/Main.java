package io.flafka.dist;

import io.flafka.api.config.ConfigError;
import io.flafka.api.config.ConfigException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParseResult;
import picocli.CommandLine.Spec;

/**
 * The {@code flafka} command line. Exit codes: 0 success, 1 failure at run time, 2 a user mistake
 * (unknown command or option, invalid configuration). A user mistake never prints a stack trace;
 * {@code --debug} shows traces of unexpected failures.
 */
@Command(name = "flafka", mixinStandardHelpOptions = true, versionProvider = Main.VersionProvider.class,
        description = "Runs Apache Flume agent configurations, Kafka first.",
        subcommands = {AgentCommand.class, ValidateCommand.class, QuickstartCommand.class, KafkaServerCommand.class,
            ChannelCommand.class, AvroClientCommand.class,
            VersionCommand.class,
            CommandLine.HelpCommand.class})
public final class Main implements Runnable {
    /** Exit code of a user mistake (usage or configuration). */
    public static final int USAGE = 2;
    /** Exit code of a failure while running. */
    public static final int FAILURE = 1;

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "Missing command");
    }

    public static void main(String[] args) {
        System.exit(run(args));
    }

    /** Runs a command and returns its exit code (does not exit). */
    public static int run(String... args) {
        return commandLine().execute(args);
    }

    /** The configured command line, with Flafka's error handling. */
    public static CommandLine commandLine() {
        CommandLine cl = new CommandLine(new Main());
        cl.setExitCodeExceptionMapper(t -> t instanceof CommandLine.ParameterException ? USAGE : FAILURE);
        cl.setExecutionExceptionHandler(Main::onFailure);
        cl.setParameterExceptionHandler(Main::onUsageError);
        return cl;
    }

    /** The message, picocli's "did you mean" suggestions, then always the command's usage. */
    private static int onUsageError(CommandLine.ParameterException e, String[] args) {
        CommandLine cl = e.getCommandLine();
        PrintWriter err = cl.getErr();
        err.println(e.getMessage());
        CommandLine.UnmatchedArgumentException.printSuggestions(e, err);
        cl.usage(err);
        err.flush();
        return USAGE;
    }

    private static int onFailure(Exception e, CommandLine cl, ParseResult parsed) {
        PrintWriter err = cl.getErr();
        boolean debug = parsed.hasMatchedOption("--debug")
                || (parsed.subcommand() != null && parsed.subcommand().hasMatchedOption("--debug"));
        int code;
        if (e instanceof ConfigException ce) {
            for (ConfigError error : ce.errors()) {
                err.println(error);
            }
            code = USAGE;
        } else if (e instanceof CommandLine.ParameterException) {
            err.println(e.getMessage());
            code = USAGE;
        } else if (e instanceof UncheckedIOException io) {
            err.println("error: " + io.getMessage());
            code = FAILURE;
        } else {
            String msg = e.getMessage();
            err.println("error: " + (msg == null || msg.isBlank() ? e.getClass().getName() : msg));
            code = FAILURE;
        }
        if (debug) {
            e.printStackTrace(err);
        } else if (code == FAILURE) {
            err.println("(run again with --debug to see the stack trace)");
        }
        err.flush();
        return code;
    }

    /** {@code flafka --version}. */
    static final class VersionProvider implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[] {"Flafka " + Version.get()};
        }
    }
}
