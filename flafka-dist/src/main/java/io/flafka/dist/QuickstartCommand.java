package io.flafka.dist;

import io.flafka.api.ComponentKind;
import io.flafka.core.registry.ComponentRegistry;
import io.flafka.dist.kafka.BrokerProcess;
import io.flafka.dist.kafka.FreePorts;
import io.flafka.dist.kafka.KafkaAdmin;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code flafka quickstart}: the three original Flafka pipelines with nothing installed but Java. Starts a
 * single-node Kafka broker as a child process (unless {@code --bootstrap} names one), writes the agent's
 * configuration to {@code DIR/quickstart.properties}, runs the agent in this JVM with the status line and
 * feeds it card transactions over netcat, until Ctrl-C or {@code --duration} seconds. Stopping stops the
 * traffic, then the agent (draining), then the broker, and prints where the output is.
 */
@Command(name = "quickstart", mixinStandardHelpOptions = true, versionProvider = Main.VersionProvider.class,
        description = {"Run the three Flafka pipelines on a local Kafka broker, with nothing to install:",
            "  netcat -> Kafka topic flume.txn; flume.txn -> interceptors -> flume.auths;",
            "  flume.txn (Kafka channel) -> files rolled every few seconds."})
final class QuickstartCommand implements Callable<Integer> {
    static final String AGENT = "quickstart";
    static final String LOG_LEVEL_PROPERTY = "flafka.log.level";
    static final String TXN = "flume.txn";
    static final String AUTHS = "flume.auths";
    private static final Duration BROKER_TIMEOUT = Duration.ofMinutes(3);

    @Mixin
    CommonOptions common;

    @Option(names = "--dir", paramLabel = "DIR", defaultValue = "flafka-quickstart",
            description = "Where the broker's data, the configuration and the output go (default: ${DEFAULT-VALUE}).")
    Path dir;

    @Option(names = "--duration", paramLabel = "SECONDS", defaultValue = "0",
            description = "Stop after this many seconds (default: run until Ctrl-C).")
    long durationSeconds;

    @Option(names = "--bootstrap", paramLabel = "HOST:PORT",
            description = "Use this running Kafka broker instead of starting one.")
    String bootstrap;

    @Option(names = "--rate", paramLabel = "N", defaultValue = "100",
            description = "Card transactions a second sent to the agent (default: ${DEFAULT-VALUE}).")
    int rate;

    @Override
    public Integer call() throws Exception {
        // the status line is the point here: keep the log to warnings unless asked otherwise
        if (System.getProperty(LOG_LEVEL_PROPERTY) == null && !common.properties.containsKey(LOG_LEVEL_PROPERTY)) {
            System.setProperty(LOG_LEVEL_PROPERTY, "WARN");
        }
        common.apply();
        Path base = dir.toAbsolutePath().normalize();
        Files.createDirectories(base);
        PrintStream console = System.out;
        BrokerProcess broker = null;
        try {
            String servers = bootstrap;
            if (servers == null) {
                broker = startBroker(base, console);
                broker.awaitReady(BROKER_TIMEOUT);
                servers = broker.bootstrapServers();
            }
            try (KafkaAdmin admin = new KafkaAdmin(servers)) {
                BrokerProcess b = broker;
                // a broker of our own already said it is ready; give one named by --bootstrap a minute
                admin.awaitReady(b == null ? Duration.ofSeconds(60) : BROKER_TIMEOUT, () -> b == null || b.isAlive());
                admin.ensureTopics(List.of(TXN, AUTHS), 3, BROKER_TIMEOUT);
            } catch (IllegalStateException e) {
                throw new IllegalStateException(e.getMessage()
                        + (broker == null ? "" : "; its log " + broker.log() + " ends with:\n" + broker.logTail(20)), e);
            }
            int netcatPort = FreePorts.pick();
            boolean hdfs = hdfsInstalled();
            Path output = base.resolve(hdfs ? "hdfs" : "files");
            Path conf = base.resolve("quickstart.properties");
            Files.writeString(conf, QuickstartConfig.text(servers, netcatPort, output, hdfs));

            console.println("Flafka quickstart: three pipelines on Kafka at " + servers
                    + (broker == null ? "" : " (a broker of its own, pid " + broker.pid() + ")"));
            console.println("  producer:  " + rate + " card transactions/s -> netcat 127.0.0.1:" + netcatPort
                    + " -> memory -> Kafka topic " + TXN);
            console.println("  in-flight: Kafka " + TXN + " -> regex_extractor, regex_filter, search_replace, static "
                    + "-> Kafka topic " + AUTHS);
            console.println("  ingest:    Kafka channel on " + TXN + " -> " + (hdfs ? "hdfs" : "file_roll") + " sink -> "
                    + output + "/");
            console.println("  configuration: " + conf);
            console.println(durationSeconds > 0 ? "  running for " + durationSeconds + " s..." : "  running until Ctrl-C...");
            console.flush();

            ConfigOptions options = new ConfigOptions();
            options.name = AGENT;
            options.files = List.of(conf);
            Around around = new Around(netcatPort, rate, servers, broker, output, conf, console);
            return new AgentRun(new AgentLoader(options), false, true, durationSeconds, true).lifecycle(around)
                    .run(console);
        } finally {
            // a failed start leaves no broker behind (after a run it is already gone)
            if (broker != null) {
                broker.close();
            }
        }
    }

    private static BrokerProcess startBroker(Path base, PrintStream console) throws Exception {
        Path kafkaDir = base.resolve("kafka");
        Path log = kafkaDir.resolve("broker.log");
        console.println("Starting a Kafka broker (KRaft, single node) with its data in " + kafkaDir
                + " (log: " + log + ") ...");
        console.flush();
        return BrokerProcess.start(kafkaDir, log);
    }

    private static boolean hdfsInstalled() {
        return ComponentRegistry.discover(QuickstartCommand.class.getClassLoader())
                .resolve(ComponentKind.SINK, "hdfs").isPresent();
    }

    /** The traffic before the agent's stop and the broker after it, then the summary. */
    private static final class Around implements AgentRun.Lifecycle {
        private final int netcatPort;
        private final int rate;
        private final String servers;
        private final BrokerProcess broker;
        private final Path output;
        private final Path conf;
        private final PrintStream console;
        private volatile TransactionGenerator generator;

        Around(int netcatPort, int rate, String servers, BrokerProcess broker, Path output, Path conf,
                PrintStream console) {
            this.netcatPort = netcatPort;
            this.rate = rate;
            this.servers = servers;
            this.broker = broker;
            this.output = output;
            this.conf = conf;
            this.console = console;
        }

        @Override
        public void started() {
            generator = new TransactionGenerator(netcatPort, rate).start();
        }

        @Override
        public void stopping() {
            TransactionGenerator g = generator;
            if (g != null) {
                g.close();
            }
        }

        @Override
        public void stopped() {
            StringBuilder topics = new StringBuilder();
            try (KafkaAdmin admin = new KafkaAdmin(servers)) {
                topics.append(String.format(Locale.ROOT, "Kafka topic %s holds %,d records, %s %,d records.",
                        TXN, admin.endOffsets(TXN), AUTHS, admin.endOffsets(AUTHS)));
            } catch (Exception e) {
                topics.append("(could not count the topics' records: ").append(e.getMessage()).append(')');
            }
            if (broker != null) {
                broker.close();
            }
            TransactionGenerator g = generator;
            console.println(String.format(Locale.ROOT, "Done. %,d card transactions sent.", g == null ? 0 : g.sent()));
            console.println(topics);
            console.println(QuickstartOutput.summary(output));
            if (broker != null) {
                console.println("The broker has stopped; its data stays in " + broker.log().getParent()
                        + " for the next run.");
            }
            console.println("Run the same agent again with: flafka agent -n " + AGENT + " -f " + conf
                    + (broker == null ? "" : " (start a broker first: flafka kafka-server, and set the bootstrap "
                    + "servers in the file)"));
            console.flush();
        }
    }
}
