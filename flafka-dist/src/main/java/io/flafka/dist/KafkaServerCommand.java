package io.flafka.dist;

import io.flafka.dist.kafka.KafkaServerMain;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code flafka kafka-server}: the quickstart's single-node Kafka broker (KRaft) on its own, for development.
 * Runs in this JVM until Ctrl-C/SIGTERM; the data stays in {@code --dir} for the next start.
 */
@Command(name = "kafka-server", mixinStandardHelpOptions = true, versionProvider = Main.VersionProvider.class,
        description = {"Run a single-node Kafka broker (KRaft) for development, until Ctrl-C.",
            "Not for production: one node, replication factor 1, no security."})
final class KafkaServerCommand implements Callable<Integer> {
    @Mixin
    CommonOptions common;

    @Option(names = "--dir", paramLabel = "DIR", defaultValue = "flafka-kafka-server",
            description = "Where the broker keeps its data; kept between runs (default: ${DEFAULT-VALUE}).")
    Path dir;

    @Option(names = "--port", paramLabel = "N", defaultValue = "9092",
            description = "The client port on 127.0.0.1 (default: ${DEFAULT-VALUE}).")
    int port;

    @Option(names = "--controller-port", paramLabel = "N", defaultValue = "0",
            description = "The KRaft controller port on 127.0.0.1 (default: a free port).")
    int controllerPort;

    @Override
    public Integer call() throws Exception {
        // the broker's INFO log is long; the ready line on stdout is what matters here
        if (System.getProperty(QuickstartCommand.LOG_LEVEL_PROPERTY) == null
                && !common.properties.containsKey(QuickstartCommand.LOG_LEVEL_PROPERTY)) {
            System.setProperty(QuickstartCommand.LOG_LEVEL_PROPERTY, "WARN");
        }
        common.apply();
        System.out.println("Starting a Kafka broker (KRaft, single node) with its data in "
                + dir.toAbsolutePath().normalize() + " ...");
        System.out.flush();
        return KafkaServerMain.run(dir, port, controllerPort, false, System.out);
    }
}
