package io.flafka.dist;

import io.flafka.avro.client.AvroClient;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code flafka avro-client -H host -p port [-F file | --dirname dir] [-R headerFile]}: sends each line of
 * a file (or of standard input) as one event to an avro source, like {@code flume-ng avro-client}.
 */
@Command(name = "avro-client", mixinStandardHelpOptions = true, versionProvider = Main.VersionProvider.class,
        description = "Send each line of a file (or standard input) as an event to an avro source.")
final class AvroClientCommand implements Callable<Integer> {
    @Mixin
    CommonOptions common;

    @Option(names = {"-H", "--host"}, required = true, description = "The avro source's host name.")
    String host;

    @Option(names = {"-p", "--port"}, required = true, description = "The avro source's port.")
    int port;

    @Option(names = {"-F", "--filename"}, description = "The file to send (default: standard input).")
    Path file;

    @Option(names = "--dirname", description = "A directory whose files are all sent, in name order.")
    Path dir;

    @Option(names = {"-R", "--headerFile"}, description = "A properties file of headers added to every event.")
    Path headerFile;

    @Option(names = "--batch-size", defaultValue = "100", description = "Events per appendBatch call (default 100).")
    int batchSize;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        common.apply();
        if (file != null && dir != null) {
            throw new ParameterException(spec.commandLine(), "give either --filename or --dirname, not both");
        }
        Path input = file != null ? file : dir;
        if (input != null && !Files.exists(input)) {
            throw new ParameterException(spec.commandLine(), "no such file or directory: " + input);
        }
        if (headerFile != null && !Files.isRegularFile(headerFile)) {
            throw new ParameterException(spec.commandLine(), "no such header file: " + headerFile);
        }
        AvroClient.Options options;
        try {
            options = new AvroClient.Options(host, port, input, headerFile, batchSize, 20_000, 20_000);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage());
        }
        PrintWriter err = spec.commandLine().getErr();
        try {
            long sent = new AvroClient(options).run(System.in);
            PrintWriter out = spec.commandLine().getOut();
            out.println("Sent " + sent + " event(s) to " + host + ":" + port);
            out.flush();
            return 0;
        } catch (AvroClient.AvroClientException e) {
            err.println("avro-client: " + e.getMessage());
            err.flush();
            return Main.FAILURE;
        }
    }
}
