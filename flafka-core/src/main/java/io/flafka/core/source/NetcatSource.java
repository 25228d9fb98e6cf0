package io.flafka.core.source;

import io.flafka.api.ChannelProcessor;
import io.flafka.api.EventDrivenSource;
import io.flafka.api.FlafkaException;
import io.flafka.api.config.ConfigDef;
import io.flafka.api.config.ConfigKey;
import io.flafka.api.config.Validators;
import io.flafka.api.metrics.SourceCounter;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.Charset;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Listens on a TCP port and turns each line clients send into an event (Flume's {@code netcat}).
 * Each client is answered {@code OK} per line once its batch committed (with {@code ack-every-event}),
 * {@code FAILED: ...} when the channels refused it or the line was too long, so a client that resends
 * unacknowledged lines loses nothing.
 *
 * <p>Threading: one acceptor thread ({@code netcat-<name>-acceptor}) and one thread per connection
 * ({@code netcat-<name>-<n>}), which call the processor. {@code stop()} closes the server socket and
 * every connection, interrupts connection threads waiting in the processor, and joins them.
 */
public final class NetcatSource implements EventDrivenSource {
    private static final Logger LOG = LoggerFactory.getLogger(NetcatSource.class);
    private static final long JOIN_MILLIS = 10_000;

    public static final ConfigKey<String> BIND = ConfigKey.stringKey("bind").required()
            .validator(Validators.nonBlank()).doc("Host name or IP address to listen on.").build();
    public static final ConfigKey<Integer> PORT = ConfigKey.intKey("port").required()
            .validator(Validators.between(0, 65535)).doc("TCP port to listen on (0 picks a free port).").build();
    public static final ConfigKey<Integer> MAX_LINE_LENGTH = ConfigKey.intKey("max-line-length").defaultValue(512)
            .validator(Validators.atLeast(1))
            .doc("Longest accepted line in characters, including the newline; longer lines are refused.").build();
    public static final ConfigKey<Boolean> ACK_EVERY_EVENT = ConfigKey.booleanKey("ack-every-event")
            .defaultValue(true).doc("Answer OK for every line once it is committed.").build();
    public static final ConfigKey<String> ENCODING = ConfigKey.stringKey("encoding").defaultValue("UTF-8")
            .validator(CharsetValidator.INSTANCE).doc("Character set of the text clients send.").build();
    public static final ConfigKey<Integer> BATCH_SIZE = ConfigKey.intKey("batchSize").defaultValue(1)
            .validator(Validators.atLeast(1))
            .doc("Flafka addition: most lines of one client committed in one transaction (lines already received "
                    + "are grouped, never waited for). 1 is Flume's behaviour; keep it within the channel's "
                    + "transactionCapacity.").build();
    public static final ConfigDef CONFIG_DEF = ConfigDef.builder().key(BIND).key(PORT).key(MAX_LINE_LENGTH)
            .key(ACK_EVERY_EVENT).key(ENCODING).key(BATCH_SIZE).batchSizeKey(BATCH_SIZE.name()).build();

    /** The source's settings, as read from its keys. */
    public record Settings(String bind, int port, int maxLineLength, boolean ackEveryEvent, Charset charset,
                           int batchSize) {
    }

    private final String name;
    private final Settings settings;
    private final SourceCounter counter;
    private final Set<Socket> connections = ConcurrentHashMap.newKeySet();
    private final Object lifecycle = new Object();
    private volatile boolean running;
    private ServerSocket server;
    private Thread acceptor;
    private ExecutorService workers;

    public NetcatSource(String name, Settings settings, SourceCounter counter) {
        this.name = name;
        this.settings = settings;
        this.counter = counter;
    }

    @Override
    public void start(ChannelProcessor processor) throws IOException {
        synchronized (lifecycle) {
            if (running) {
                return;
            }
            ServerSocket ss = new ServerSocket();
            try {
                ss.setReuseAddress(true);
                ss.bind(new InetSocketAddress(settings.bind(), settings.port()), 128);
            } catch (IOException e) {
                ss.close();
                throw new FlafkaException("netcat source " + name + " cannot listen on " + settings.bind() + ":"
                        + settings.port() + ": " + e.getMessage(), e);
            }
            server = ss;
            workers = Executors.newCachedThreadPool(new NamedThreadFactory("netcat-" + name));
            running = true;
            acceptor = new Thread(() -> acceptLoop(ss, processor), "netcat-" + name + "-acceptor");
            acceptor.setDaemon(true);
            acceptor.start();
            counter.markStarted();
            LOG.info("Netcat source {} listening on {}", name, ss.getLocalSocketAddress());
        }
    }

    /** The port listened on (useful with port 0), or -1 when not started. */
    public int localPort() {
        ServerSocket ss = server;
        return ss == null ? -1 : ss.getLocalPort();
    }

    private void acceptLoop(ServerSocket ss, ChannelProcessor processor) {
        while (running) {
            Socket s;
            try {
                s = ss.accept();
            } catch (IOException e) {
                if (running) {
                    // e.g. out of file descriptors: pause so a persistent failure cannot spin
                    LOG.warn("Netcat source {}: accept failed: {}", name, e.toString());
                    if (pauseAfterFailure()) {
                        continue;
                    }
                }
                return;
            }
            connections.add(s);
            counter.gauge(SourceCounter.OPEN_CONNECTIONS).incrementAndGet();
            Runnable onClose = () -> {
                if (connections.remove(s)) {
                    counter.gauge(SourceCounter.OPEN_CONNECTIONS).decrementAndGet();
                }
            };
            try {
                if (!running) {
                    throw new RejectedExecutionException("stopping");
                }
                workers.execute(new NetcatConnection(s, processor, counter, settings, name, onClose));
            } catch (RejectedExecutionException e) {
                closeQuietly(s);
                onClose.run();
            }
        }
    }

    /** Sleeps briefly after an I/O failure; false when interrupted (stopping). */
    static boolean pauseAfterFailure() {
        try {
            Thread.sleep(100);
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    @Override
    public void stop() {
        synchronized (lifecycle) {
            if (!running) {
                return;
            }
            running = false;
            closeQuietly(server);
            acceptor.interrupt();
            for (Socket s : connections) {
                closeQuietly(s);
            }
            workers.shutdownNow();
            try {
                acceptor.join(JOIN_MILLIS);
                if (!workers.awaitTermination(JOIN_MILLIS, TimeUnit.MILLISECONDS)) {
                    LOG.warn("Netcat source {}: connection threads still busy after {} ms", name, JOIN_MILLIS);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            counter.markStopped();
            LOG.info("Netcat source {} stopped", name);
        }
    }

    private static void closeQuietly(java.io.Closeable c) {
        try {
            if (c != null) {
                c.close();
            }
        } catch (IOException ignored) {
            // closing to unblock; nothing to report
        }
    }
}
