package io.flafka.avro.source;

import io.flafka.api.ChannelProcessor;
import io.flafka.api.EventDrivenSource;
import io.flafka.api.FlafkaException;
import io.flafka.api.config.ConfigDef;
import io.flafka.api.config.ConfigKey;
import io.flafka.api.config.Validators;
import io.flafka.api.metrics.SourceCounter;
import io.flafka.avro.rpc.TlsSettings;
import io.netty.channel.DefaultEventLoopGroup;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.handler.ssl.SslContext;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.avro.ipc.netty.NettyServer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Flume's {@code avro} source: serves {@code AvroSourceProtocol} over Avro's Netty transport, so Flume
 * agents' avro sinks, Flume's RPC clients ({@code flume-ng avro-client}, log4j appenders) and Flafka's
 * avro sink can send to it. Optional TLS, zlib compression and IP filtering.
 *
 * <p>Each {@code append}/{@code appendBatch} is one channel transaction, answered {@code OK} only after
 * it committed and {@code FAILED} otherwise (see {@link EventResponder}).
 *
 * <p>Threading: one acceptor thread, I/O threads ({@code avro-<name>-io-*}) and {@code threads} caller
 * threads ({@code avro-<name>-call-*}) that run the calls and block in the processor. {@code start} and
 * {@code stop} run on the lifecycle thread; {@code stop()} closes the listener and every connection and
 * interrupts calls waiting in the processor (those answer FAILED, if the client is still there).
 */
public final class AvroSource implements EventDrivenSource {
    private static final Logger LOG = LoggerFactory.getLogger(AvroSource.class);
    private static final long SHUTDOWN_TIMEOUT_S = 10;
    private static final long CLOSE_WAIT_MS = 3_000;

    public static final ConfigKey<String> BIND = ConfigKey.stringKey("bind").required()
            .validator(Validators.nonBlank()).doc("Host name or IP address to listen on.").build();
    public static final ConfigKey<Integer> PORT = ConfigKey.intKey("port").required()
            .validator(Validators.between(0, 65535)).doc("TCP port to listen on (0 picks a free port).").build();
    public static final ConfigKey<Integer> THREADS = ConfigKey.intKey("threads").defaultValue(0)
            .validator(Validators.atLeast(0))
            .doc("Threads that run calls (and wait for room in a full channel); 0 means as many as CPU cores. "
                    + "Flume's 0 meant unbounded.").build();
    public static final ConfigKey<String> COMPRESSION_TYPE = ConfigKey.stringKey("compression-type")
            .defaultValue("none").validator(Validators.oneOf("none", "deflate"))
            .doc("none or deflate (zlib); must match the sending avro sink's compression-type.").build();
    public static final ConfigKey<Boolean> SSL = ConfigKey.booleanKey("ssl").defaultValue(false)
            .doc("Serve TLS; needs keystore (or the JVM's javax.net.ssl.keyStore).").build();
    public static final ConfigKey<String> KEYSTORE = ConfigKey.stringKey("keystore")
            .doc("Key store file with the server's key and certificate.").build();
    public static final ConfigKey<String> KEYSTORE_PASSWORD = ConfigKey.passwordKey("keystore-password")
            .doc("Password of the key store (and of its key).").build();
    public static final ConfigKey<String> KEYSTORE_TYPE = ConfigKey.stringKey("keystore-type").defaultValue("JKS")
            .validator(Validators.oneOf("JKS", "PKCS12")).doc("JKS or PKCS12.").build();
    public static final ConfigKey<List<String>> EXCLUDE_PROTOCOLS = ConfigKey.listKey("exclude-protocols")
            .defaultValue(List.of("SSLv3")).doc("TLS protocols never used (space separated).").build();
    public static final ConfigKey<List<String>> INCLUDE_PROTOCOLS = ConfigKey.listKey("include-protocols")
            .defaultValue(List.of()).doc("When set, only these TLS protocols (space separated).").build();
    public static final ConfigKey<List<String>> INCLUDE_CIPHER_SUITES = ConfigKey.listKey("include-cipher-suites")
            .defaultValue(List.of()).doc("When set, only these cipher suites (space separated).").build();
    public static final ConfigKey<List<String>> EXCLUDE_CIPHER_SUITES = ConfigKey.listKey("exclude-cipher-suites")
            .defaultValue(List.of()).doc("Cipher suites never used (space separated).").build();
    public static final ConfigKey<Boolean> IP_FILTER = ConfigKey.booleanKey("ipFilter").defaultValue(false)
            .doc("Filter clients by ipFilterRules.").build();
    public static final ConfigKey<String> IP_FILTER_RULES = ConfigKey.stringKey("ipFilterRules")
            .validator(IpFilterRules.validator())
            .doc("Comma-separated allow|deny:ip|name:pattern rules (* and ? wildcards); the first match "
                    + "decides, a client no rule matches is allowed.").build();
    public static final ConfigDef CONFIG_DEF = ConfigDef.builder().key(BIND).key(PORT).key(THREADS)
            .key(COMPRESSION_TYPE).key(SSL).key(KEYSTORE).key(KEYSTORE_PASSWORD).key(KEYSTORE_TYPE)
            .key(EXCLUDE_PROTOCOLS).key(INCLUDE_PROTOCOLS).key(INCLUDE_CIPHER_SUITES).key(EXCLUDE_CIPHER_SUITES)
            .key(IP_FILTER).key(IP_FILTER_RULES).build();

    /**
     * The source's settings.
     *
     * @param tls null for plain TCP
     * @param ipFilter null for no filtering
     */
    public record Settings(String bind, int port, int threads, boolean deflate, TlsSettings tls,
                           IpFilterRules ipFilter) {
    }

    private final String name;
    private final Settings settings;
    private final SourceCounter counter;
    private final Object lifecycle = new Object();
    private NettyServer server;
    private EventResponder responder;
    private EventLoopGroup boss;
    private EventLoopGroup workers;
    private EventLoopGroup callers;

    public AvroSource(String name, Settings settings, SourceCounter counter) {
        this.name = name;
        this.settings = settings;
        this.counter = counter;
    }

    @Override
    public void start(ChannelProcessor processor) throws Exception {
        synchronized (lifecycle) {
            if (server != null) {
                return;
            }
            SslContext ssl = settings.tls() == null ? null : settings.tls().serverContext();
            EventResponder r = new EventResponder(name, processor, counter);
            EventLoopGroup b = new MultiThreadIoEventLoopGroup(1, new DefaultThreadFactory("avro-" + name + "-accept",
                    true), NioIoHandler.newFactory());
            EventLoopGroup w = new MultiThreadIoEventLoopGroup(ioThreads(), new DefaultThreadFactory("avro-" + name
                    + "-io", true), NioIoHandler.newFactory());
            EventLoopGroup c = new DefaultEventLoopGroup(callerThreads(settings.threads()),
                    new DefaultThreadFactory("avro-" + name + "-call", true));
            ServerPipeline pipeline = new ServerPipeline(name, settings.ipFilter(), ssl, settings.deflate(), counter);
            try {
                server = new NettyServer(r, new InetSocketAddress(settings.bind(), settings.port()), pipeline,
                        bootstrap -> { }, b, w, c);
            } catch (Exception e) {
                shutdown(b, w, c);
                throw new FlafkaException("avro source " + name + " cannot listen on " + settings.bind() + ":"
                        + settings.port() + ": " + e, e);
            }
            responder = r;
            boss = b;
            workers = w;
            callers = c;
            server.start();
            counter.markStarted();
            LOG.info("Avro source {} listening on {}:{}{}{}{}", name, settings.bind(), server.getPort(),
                    settings.tls() != null ? " with TLS" : "", settings.deflate() ? ", deflate" : "",
                    settings.ipFilter() != null ? ", ipFilterRules " + settings.ipFilter() : "");
        }
    }

    /**
     * I/O threads: half the CPU cores, at least one. Each only moves bytes (framing, TLS, zlib) for its
     * connections; more threads than that (Netty's default is twice the cores) add wake-ups and context
     * switches without adding throughput: on 2 cores, one I/O thread for 4 busy clients cost a third less CPU.
     */
    static int ioThreads() {
        return Math.max(1, Runtime.getRuntime().availableProcessors() / 2);
    }

    /** Caller threads: {@code threads}, or as many as CPU cores when 0. */
    static int callerThreads(int configured) {
        return configured > 0 ? configured : Runtime.getRuntime().availableProcessors();
    }

    /** The port listened on (useful with port 0), or -1 when not started. */
    public int localPort() {
        synchronized (lifecycle) {
            return server == null ? -1 : server.getPort();
        }
    }

    @Override
    public void stop() {
        synchronized (lifecycle) {
            if (server == null) {
                return;
            }
            responder.close();
            // quiet period 0: NettyServer.close() would otherwise wait Netty's default 2 s
            boss.shutdownGracefully(0, SHUTDOWN_TIMEOUT_S, TimeUnit.SECONDS);
            workers.shutdownGracefully(0, SHUTDOWN_TIMEOUT_S, TimeUnit.SECONDS);
            closeServer();
            responder.close(); // calls that started while the connections were closing
            shutdown(boss, workers, callers);
            server = null;
            responder = null;
            counter.markStopped();
            LOG.info("Avro source {} stopped", name);
        }
    }

    /**
     * NettyServer.close() waits, without a bound, for its channels to close; when their event loops have
     * already terminated that wait never ends. Closing on a helper thread bounds stop() whatever the race.
     */
    private void closeServer() {
        NettyServer s = server;
        Thread closer = new Thread(s::close, "avro-" + name + "-close");
        closer.setDaemon(true);
        closer.start();
        try {
            closer.join(CLOSE_WAIT_MS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (closer.isAlive()) {
            LOG.warn("Avro source {}: server close did not finish in {} ms; continuing", name, CLOSE_WAIT_MS);
        }
    }

    private void shutdown(EventLoopGroup... groups) {
        for (EventLoopGroup g : groups) {
            g.shutdownGracefully(0, SHUTDOWN_TIMEOUT_S, TimeUnit.SECONDS);
        }
        for (EventLoopGroup g : groups) {
            if (!g.terminationFuture().awaitUninterruptibly(SHUTDOWN_TIMEOUT_S + 1, TimeUnit.SECONDS)) {
                LOG.warn("Avro source {}: threads still busy after {} s", name, SHUTDOWN_TIMEOUT_S);
            }
        }
    }
}
