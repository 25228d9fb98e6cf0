package io.flafka.dist.kafka;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;

/**
 * Runs a {@link KafkaServer} until the JVM is told to stop (SIGTERM, Ctrl-C), or, with
 * {@code --exit-with-parent}, until standard input closes: the quickstart starts the broker as a child
 * process with a pipe on its stdin, so the broker goes away with the quickstart even when that is killed
 * hard. In that mode the broker also ignores SIGINT: Ctrl-C in a terminal reaches the whole process group,
 * and the quickstart must stop its agent (which still writes to the broker) before it stops the broker.
 *
 * <p>{@code java -cp 'lib/*' io.flafka.dist.kafka.KafkaServerMain --dir DIR --port N [--controller-port N]
 * [--exit-with-parent]}
 */
public final class KafkaServerMain {
    /** The line printed once the broker answers; the bootstrap address follows it. */
    public static final String READY = "Kafka broker ready at ";

    private KafkaServerMain() {
    }

    public static void main(String[] args) throws Exception {
        Path dir = Path.of("flafka-kafka-server");
        int port = 9092;
        int controllerPort = 0;
        boolean exitWithParent = false;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--dir" -> dir = Path.of(args[++i]);
                case "--port" -> port = Integer.parseInt(args[++i]);
                case "--controller-port" -> controllerPort = Integer.parseInt(args[++i]);
                case "--exit-with-parent" -> exitWithParent = true;
                default -> {
                    System.err.println("unknown argument: " + args[i]
                            + " (use --dir DIR --port N --controller-port N --exit-with-parent)");
                    System.exit(2);
                }
            }
        }
        if (exitWithParent) {
            ignoreInterrupt();
        }
        System.exit(run(dir, port, controllerPort, exitWithParent, System.out));
    }

    /**
     * Starts the broker, prints {@link #READY} and the bootstrap address, and blocks until the JVM shuts
     * down or (with {@code exitWithParent}) stdin reaches its end; the broker is stopped by a shutdown hook.
     * {@code controllerPort} 0 picks a free port.
     */
    public static int run(Path dir, int port, int controllerPort, boolean exitWithParent, PrintStream out)
            throws IOException, InterruptedException {
        int cport = controllerPort > 0 ? controllerPort : FreePorts.pick();
        KafkaServer server = new KafkaServer(dir, port, cport);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            server.close();
            stopped.countDown();
        }, "kafka-server-shutdown"));
        server.start();
        try (KafkaAdmin admin = new KafkaAdmin(server.bootstrapServers())) {
            admin.awaitReady(Duration.ofMinutes(3), () -> true);
        }
        out.println(READY + server.bootstrapServers() + " (data: " + dir.toAbsolutePath().normalize().resolve("data")
                + ")");
        out.flush();
        if (exitWithParent) {
            drain(System.in);
            return 0;
        }
        stopped.await();
        return 0;
    }

    /** Reads until end of stream: the parent process closed the pipe or died. */
    private static void drain(InputStream in) {
        byte[] buf = new byte[256];
        try {
            while (in.read(buf) >= 0) {
                // the parent never writes; keep waiting for the end
            }
        } catch (IOException e) {
            // a broken pipe means the same as the end
        }
    }

    @SuppressWarnings("removal")
    private static void ignoreInterrupt() {
        try {
            sun.misc.Signal.handle(new sun.misc.Signal("INT"), sun.misc.SignalHandler.SIG_IGN);
        } catch (IllegalArgumentException | UnsupportedOperationException e) {
            // no SIGINT on this platform: nothing to ignore
        }
    }
}
