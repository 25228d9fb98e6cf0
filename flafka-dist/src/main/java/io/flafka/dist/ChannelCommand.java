package io.flafka.dist;

import io.flafka.channel.file.tool.ChannelInspector;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code flafka channel inspect|verify DIR...}: offline tools for a file channel's directories. Neither
 * changes a file. {@code verify} exits 1 when it finds damage; {@code inspect} exits 1 when a start would
 * have to drop or truncate something.
 */
@Command(name = "channel", mixinStandardHelpOptions = true, versionProvider = Main.VersionProvider.class,
        description = "Inspect or verify a file channel's directories (offline; changes nothing).",
        subcommands = {ChannelCommand.Inspect.class, ChannelCommand.Verify.class})
final class ChannelCommand implements Runnable {
    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        throw new picocli.CommandLine.ParameterException(spec.commandLine(), "Missing command: inspect or verify");
    }

    /** What inspect and verify share: the common options, the directories, and where to print. */
    abstract static class DirectoryTool implements Callable<Integer> {
        @Mixin
        CommonOptions common;

        @Parameters(arity = "1..*", paramLabel = "DIR",
                description = "The channel's checkpointDir and dataDirs, or a directory holding them.")
        List<Path> dirs;

        @Spec
        CommandSpec spec;

        @Override
        public final Integer call() throws IOException {
            common.apply();
            return run(dirs.toArray(Path[]::new), spec.commandLine().getOut(), spec.commandLine().getErr());
        }

        /** Does the work; returns the exit code. */
        abstract int run(Path[] dirs, PrintWriter out, PrintWriter err) throws IOException;
    }

    /** {@code flafka channel inspect DIR...}. */
    @Command(name = "inspect", mixinStandardHelpOptions = true, versionProvider = Main.VersionProvider.class,
            description = "Print events pending, log segments and sizes, and the checkpoint's age.")
    static final class Inspect extends DirectoryTool {
        @Override
        int run(Path[] dirs, PrintWriter out, PrintWriter err) throws IOException {
            ChannelInspector.Report r = ChannelInspector.inspect(dirs);
            out.print(r.format());
            out.flush();
            return r.problems().isEmpty() ? 0 : Main.FAILURE;
        }
    }

    /** {@code flafka channel verify DIR...}. */
    @Command(name = "verify", mixinStandardHelpOptions = true, versionProvider = Main.VersionProvider.class,
            description = "Check every record's and event's checksum; exit 1 listing each problem.")
    static final class Verify extends DirectoryTool {
        @Override
        int run(Path[] dirs, PrintWriter out, PrintWriter err) throws IOException {
            List<String> problems = ChannelInspector.verify(dirs);
            if (problems.isEmpty()) {
                out.println("OK: every record and event checksum matches");
                out.flush();
                return 0;
            }
            for (String p : problems) {
                err.println(p);
            }
            err.println(problems.size() + " problem(s) found");
            err.flush();
            return Main.FAILURE;
        }
    }
}
