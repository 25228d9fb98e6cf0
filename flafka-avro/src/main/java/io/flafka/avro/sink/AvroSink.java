package io.flafka.avro.sink;

import io.flafka.api.Channel;
import io.flafka.api.Event;
import io.flafka.api.EventDeliveryException;
import io.flafka.api.config.ConfigDef;
import io.flafka.api.config.ConfigKey;
import io.flafka.api.config.Validators;
import io.flafka.api.metrics.SinkCounter;
import io.flafka.avro.rpc.AvroRpcClient;
import io.flafka.core.sink.AbstractBatchSink;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Flume's {@code avro} sink: takes a batch and sends it in one {@code appendBatch} to an avro source
 * (Flafka's or Flume's, for tiered agents), committing the take only when the source answered
 * {@code OK}. Anything else ({@code FAILED}, an error, a timeout, no connection) rolls the batch back
 * into the channel, WARNs, counts {@code EventWriteFail} and throws, so the runner backs off and retries.
 * A transport failure or timeout drops the connection and the next batch reconnects; a {@code FAILED}
 * answer keeps it (the source is alive, its channel is full).
 *
 * <p>Connection counters: {@code ConnectionCreatedCount} per connection made,
 * {@code ConnectionFailedCount} per failed attempt, {@code ConnectionClosedCount} per connection dropped.
 *
 * <p>Threading: {@code process()} on the sink's runner thread (the RPC itself on the client's private
 * thread, waited for with {@code request-timeout}); {@code start}/{@code stop} on the lifecycle thread.
 * {@code stop()} closes the connection, which fails a batch in flight at once (it rolls back).
 */
public final class AvroSink extends AbstractBatchSink {
    private static final Logger LOG = LoggerFactory.getLogger(AvroSink.class);

    public static final ConfigKey<String> HOSTNAME = ConfigKey.stringKey("hostname").required()
            .validator(Validators.nonBlank()).doc("Host of the avro source to send to.").build();
    public static final ConfigKey<Integer> PORT = ConfigKey.intKey("port").required()
            .validator(Validators.between(1, 65535)).doc("Port of the avro source to send to.").build();
    public static final ConfigKey<Integer> BATCH_SIZE = ConfigKey.intKey("batch-size").defaultValue(100)
            .validator(Validators.atLeast(1)).doc("Events taken and sent per appendBatch call.").build();
    public static final ConfigKey<Long> CONNECT_TIMEOUT = ConfigKey.longKey("connect-timeout").defaultValue(20000L)
            .validator(Validators.atLeast(1)).doc("Milliseconds to wait for a connection.").build();
    public static final ConfigKey<Long> REQUEST_TIMEOUT = ConfigKey.longKey("request-timeout").defaultValue(20000L)
            .validator(Validators.atLeast(1)).doc("Milliseconds to wait for the answer to a batch (and for the "
                    + "first call's handshake).").build();
    public static final ConfigKey<Long> RESET_CONNECTION_INTERVAL = ConfigKey.longKey("reset-connection-interval")
            .defaultValue(0L).validator(Validators.atLeast(0))
            .doc("Seconds after which the connection is closed and reopened before the next batch, so a load "
                    + "balancer can spread agents again; 0 never resets.").build();
    public static final ConfigKey<String> COMPRESSION_TYPE = ConfigKey.stringKey("compression-type")
            .defaultValue("none").validator(Validators.oneOf("none", "deflate"))
            .doc("none or deflate (zlib); must match the avro source's compression-type.").build();
    public static final ConfigKey<Integer> COMPRESSION_LEVEL = ConfigKey.intKey("compression-level").defaultValue(6)
            .validator(Validators.between(0, 9)).doc("zlib level 0-9 when compression-type = deflate.").build();
    public static final ConfigKey<Boolean> SSL = ConfigKey.booleanKey("ssl").defaultValue(false)
            .doc("Connect with TLS.").build();
    public static final ConfigKey<Boolean> TRUST_ALL_CERTS = ConfigKey.booleanKey("trust-all-certs")
            .defaultValue(false).doc("Accept any server certificate (testing only).").build();
    public static final ConfigKey<String> TRUSTSTORE = ConfigKey.stringKey("truststore")
            .doc("Trust store with the server's certificate or CA; unset uses the JVM's default trust.").build();
    public static final ConfigKey<String> TRUSTSTORE_PASSWORD = ConfigKey.passwordKey("truststore-password")
            .doc("Password of the trust store.").build();
    public static final ConfigKey<String> TRUSTSTORE_TYPE = ConfigKey.stringKey("truststore-type").defaultValue("JKS")
            .validator(Validators.oneOf("JKS", "PKCS12")).doc("JKS or PKCS12.").build();
    public static final ConfigKey<List<String>> EXCLUDE_PROTOCOLS = ConfigKey.listKey("exclude-protocols")
            .defaultValue(List.of("SSLv3")).doc("TLS protocols never used (space separated).").build();
    public static final ConfigKey<Integer> MAX_IO_WORKERS = ConfigKey.intKey("maxIoWorkers")
            .defaultValue(2 * Runtime.getRuntime().availableProcessors()).validator(Validators.atLeast(1))
            .doc("Accepted for Flume compatibility. Flafka's sink holds one connection, served by exactly one "
                    + "I/O thread, so more workers would idle.").build();
    public static final ConfigDef CONFIG_DEF = ConfigDef.builder().key(HOSTNAME).key(PORT).key(BATCH_SIZE)
            .key(CONNECT_TIMEOUT).key(REQUEST_TIMEOUT).key(RESET_CONNECTION_INTERVAL).key(COMPRESSION_TYPE)
            .key(COMPRESSION_LEVEL).key(SSL).key(TRUST_ALL_CERTS).key(TRUSTSTORE).key(TRUSTSTORE_PASSWORD)
            .key(TRUSTSTORE_TYPE).key(EXCLUDE_PROTOCOLS).key(MAX_IO_WORKERS).batchSizeKey(BATCH_SIZE.name()).build();

    private final AvroRpcClient.Settings settings;
    private final long resetIntervalNanos;
    private volatile AvroRpcClient client;
    private final AtomicBoolean connected = new AtomicBoolean();
    private long connectedAt;

    /**
     * @param resetIntervalSeconds 0 to keep connections until they fail
     */
    public AvroSink(String name, int batchSize, AvroRpcClient.Settings settings, long resetIntervalSeconds,
                    SinkCounter counter) {
        super(name, batchSize, counter);
        this.settings = settings;
        this.resetIntervalNanos = resetIntervalSeconds * 1_000_000_000L;
    }

    /** Builds the client (a TLS misconfiguration fails the start) and tries to connect. */
    @Override
    public void start(Channel ch) throws Exception {
        client = new AvroRpcClient(name(), settings);
        super.start(ch);
        try {
            connect();
        } catch (EventDeliveryException e) {
            // Flume starts anyway and keeps retrying: the next hop may come up later
            LOG.warn("Avro sink {}: cannot connect to {} yet, will retry with each batch: {}", name(),
                    settings.address(), e.getMessage());
        }
    }

    @Override
    protected void deliver(List<Event> events) throws EventDeliveryException {
        AvroRpcClient c = this.client;
        if (resetIntervalNanos > 0 && c.isConnected() && System.nanoTime() - connectedAt >= resetIntervalNanos) {
            LOG.debug("Avro sink {}: resetting the connection to {} (reset-connection-interval)", name(),
                    settings.address());
            c.disconnect();
        }
        noteIfClosed(c);
        connect();
        try {
            c.appendBatch(events);
        } finally {
            noteIfClosed(c);
        }
    }

    private void connect() throws EventDeliveryException {
        try {
            if (client.connect()) {
                connectedAt = System.nanoTime();
                connected.set(true);
                counter.increment(SinkCounter.CONNECTION_CREATED);
                LOG.info("Avro sink {}: connected to {}", name(), settings.address());
            }
        } catch (EventDeliveryException e) {
            counter.increment(SinkCounter.CONNECTION_FAILED);
            throw e;
        }
    }

    /** Counts a connection that was reset, dropped by a failure, or closed by the server, exactly once. */
    private void noteIfClosed(AvroRpcClient c) {
        if (!c.isConnected() && connected.compareAndSet(true, false)) {
            counter.increment(SinkCounter.CONNECTION_CLOSED);
        }
    }

    @Override
    public void stop() {
        AvroRpcClient c = client;
        if (c != null) {
            c.close();
            noteIfClosed(c);
        }
        super.stop();
    }
}
