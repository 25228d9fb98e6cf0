package io.flafka.testkit.kafka;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import kafka.tools.StorageTool;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.TopicPartitionInfo;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.utils.Time;

/**
 * A real single-node Kafka broker (KRaft, combined broker + controller) running inside the test JVM,
 * on free ports of 127.0.0.1 with its log in a temporary directory.
 *
 * <pre>{@code
 * try (EmbeddedKafkaBroker kafka = EmbeddedKafkaBroker.builder().build().start()) {
 *     kafka.createTopic("t", 3);
 *     String servers = kafka.bootstrapServers();
 * }
 * }</pre>
 *
 * <p>{@link #stop()} then {@link #restart()} keeps the ports and the log, as a broker restart would.
 * {@link #close()} stops the broker for good and deletes the log. Methods are synchronized; the
 * broker's own threads are Kafka's. Use {@link EmbeddedKafkaExtension} to share one broker per test class.
 *
 * <p>Topics are not auto-created (see {@link Builder#autoCreateTopics(boolean)}). The broker logs through
 * SLF4J: keep tests quiet by setting the {@code kafka}, {@code org.apache.kafka} and
 * {@code state.change.logger} loggers to ERROR in the test logging configuration. Start-up takes a
 * few seconds (most of it loading the broker's classes the first time).
 */
public final class EmbeddedKafkaBroker implements AutoCloseable {
    private static final Duration READY_TIMEOUT = Duration.ofSeconds(60);

    private final Map<String, String> overrides;
    /** Extra listeners: name -> security protocol, in the order added. */
    private final Map<String, String> listeners;
    /** Extra listeners: name -> port, kept across restarts. */
    private final Map<String, Integer> listenerPorts = new java.util.LinkedHashMap<>();
    private final Path logDir;
    private final int port;
    private final int controllerPort;
    private final String clusterId = Uuid.randomUuid().toString();
    private KafkaRaftServer server;
    private Admin admin;
    private boolean formatted;

    private EmbeddedKafkaBroker(Builder b) {
        this.overrides = Map.copyOf(b.overrides);
        this.listeners = new java.util.LinkedHashMap<>(b.listeners);
        try {
            this.logDir = Files.createTempDirectory("flafka-kafka-");
            this.port = freePort();
            this.controllerPort = freePort();
            for (String name : listeners.keySet()) {
                listenerPorts.put(name, freePort());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Formats the storage on first start, starts the broker and waits until it answers. */
    public synchronized EmbeddedKafkaBroker start() {
        if (server != null) {
            return this;
        }
        Properties props = serverProperties();
        if (!formatted) {
            format(props);
            formatted = true;
        }
        KafkaRaftServer s = new KafkaRaftServer(KafkaConfig.fromProps(props, false), Time.SYSTEM);
        s.startup();
        server = s;
        awaitReady();
        return this;
    }

    /** Shuts the broker down (ports and log are kept for {@link #restart()}). */
    public synchronized void stop() {
        if (server != null) {
            KafkaRaftServer s = server;
            server = null;
            s.shutdown();
            s.awaitShutdown();
        }
    }

    /** Stops, then starts again on the same ports with the same log. */
    public synchronized void restart() {
        stop();
        start();
    }

    public synchronized boolean isRunning() {
        return server != null;
    }

    /** {@code 127.0.0.1:<port>}, valid across restarts. */
    public String bootstrapServers() {
        return "127.0.0.1:" + port;
    }

    /**
     * {@code 127.0.0.1:<port>} of an extra listener added with {@link Builder#listener(String, String)}.
     *
     * @throws IllegalArgumentException for a listener that was not added
     */
    public String bootstrapServers(String listenerName) {
        Integer p = listenerPorts.get(listenerName.toUpperCase(java.util.Locale.ROOT));
        if (p == null) {
            throw new IllegalArgumentException("no listener " + listenerName + "; listeners: " + listenerPorts.keySet());
        }
        return "127.0.0.1:" + p;
    }

    /** Creates a topic (replication factor 1) and waits until every partition has a leader. */
    public synchronized void createTopic(String name, int partitions) {
        createTopic(name, partitions, Map.of());
    }

    /** Creates a topic with topic-level configs (e.g. {@code max.message.bytes}) and waits for leaders. */
    public synchronized void createTopic(String name, int partitions, Map<String, String> configs) {
        try {
            admin().createTopics(List.of(new NewTopic(name, partitions, (short) 1).configs(configs)))
                    .all().get(READY_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            if (!(e.getCause() instanceof TopicExistsException)) {
                throw new IllegalStateException("cannot create topic " + name, e.getCause());
            }
        } catch (Exception e) {
            throw new IllegalStateException("cannot create topic " + name, e);
        }
        awaitLeaders(name);
    }

    /** An admin client on this broker, owned by the broker (do not close it). */
    public synchronized Admin admin() {
        if (admin == null) {
            Map<String, Object> conf = new HashMap<>();
            conf.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers());
            conf.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 10_000);
            conf.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 30_000);
            // the broker may still be starting: retry quickly rather than after Kafka's default backoffs
            conf.put(AdminClientConfig.RECONNECT_BACKOFF_MS_CONFIG, 20);
            conf.put(AdminClientConfig.RECONNECT_BACKOFF_MAX_MS_CONFIG, 200);
            conf.put(AdminClientConfig.RETRY_BACKOFF_MS_CONFIG, 20);
            admin = Admin.create(conf);
        }
        return admin;
    }

    /** Stops the broker and deletes its log directory. */
    @Override
    public synchronized void close() {
        if (admin != null) {
            admin.close(Duration.ofSeconds(5));
            admin = null;
        }
        stop();
        deleteRecursively(logDir);
    }

    private Properties serverProperties() {
        Properties p = new Properties();
        p.put("process.roles", "broker,controller");
        p.put("node.id", "1");
        p.put("controller.quorum.voters", "1@127.0.0.1:" + controllerPort);
        StringBuilder extra = new StringBuilder();
        StringBuilder protocols = new StringBuilder();
        listenerPorts.forEach((name, lp) -> {
            extra.append(',').append(name).append("://127.0.0.1:").append(lp);
            protocols.append(',').append(name).append(':').append(listeners.get(name));
        });
        p.put("listeners", "PLAINTEXT://127.0.0.1:" + port + ",CONTROLLER://127.0.0.1:" + controllerPort + extra);
        p.put("advertised.listeners", "PLAINTEXT://127.0.0.1:" + port + extra);
        p.put("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT" + protocols);
        p.put("controller.listener.names", "CONTROLLER");
        p.put("inter.broker.listener.name", "PLAINTEXT");
        p.put("log.dirs", logDir.toString());
        p.put("num.partitions", "1");
        p.put("auto.create.topics.enable", "false");
        p.put("offsets.topic.replication.factor", "1");
        p.put("offsets.topic.num.partitions", "1");
        p.put("transaction.state.log.replication.factor", "1");
        p.put("transaction.state.log.min.isr", "1");
        p.put("transaction.state.log.num.partitions", "1");
        p.put("share.coordinator.state.topic.replication.factor", "1");
        p.put("share.coordinator.state.topic.min.isr", "1");
        p.put("group.initial.rebalance.delay.ms", "0");
        p.put("log.flush.interval.messages", String.valueOf(Long.MAX_VALUE));
        p.putAll(overrides);
        return p;
    }

    private void format(Properties props) {
        Path file = logDir.resolveSibling(logDir.getFileName() + ".properties");
        try (OutputStream out = Files.newOutputStream(file)) {
            props.store(out, "flafka embedded broker");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        int rc;
        try (PrintStream ps = new PrintStream(captured, true, StandardCharsets.UTF_8)) {
            rc = StorageTool.execute(new String[] {"format", "--ignore-formatted", "-t", clusterId,
                "-c", file.toString()}, ps);
        } finally {
            try {
                Files.deleteIfExists(file);
            } catch (IOException ignored) {
                // best effort: a temp file
            }
        }
        if (rc != 0) {
            throw new IllegalStateException("kafka storage format failed (" + rc + "): "
                    + captured.toString(StandardCharsets.UTF_8));
        }
    }

    private void awaitReady() {
        long deadline = System.nanoTime() + READY_TIMEOUT.toNanos();
        Exception last = null;
        while (System.nanoTime() < deadline) {
            try {
                if (!admin().describeCluster().nodes().get(5, TimeUnit.SECONDS).isEmpty()) {
                    return;
                }
            } catch (Exception e) {
                last = e;
            }
            sleep(50);
        }
        throw new IllegalStateException("embedded kafka broker not ready after " + READY_TIMEOUT, last);
    }

    private void awaitLeaders(String topic) {
        long deadline = System.nanoTime() + READY_TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            try {
                TopicDescription d = admin().describeTopics(List.of(topic)).allTopicNames()
                        .get(5, TimeUnit.SECONDS).get(topic);
                if (d != null && d.partitions().stream().map(TopicPartitionInfo::leader).allMatch(l -> l != null)) {
                    return;
                }
            } catch (Exception e) {
                // not yet known to the broker's metadata; retry
            }
            sleep(50);
        }
        throw new IllegalStateException("topic " + topic + " has no leader after " + READY_TIMEOUT);
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            s.setReuseAddress(true);
            return s.getLocalPort();
        }
    }

    private static void deleteRecursively(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // best effort: a temp directory
        }
    }

    /** Builds a broker; {@link #property(String, String)} overrides any server property. */
    public static final class Builder {
        private final Map<String, String> overrides = new HashMap<>();
        private final Map<String, String> listeners = new java.util.LinkedHashMap<>();

        /** Overrides a server property, e.g. {@code message.max.bytes}. */
        public Builder property(String key, String value) {
            overrides.put(key, value);
            return this;
        }

        /**
         * Adds a listener on another free port of 127.0.0.1, besides the PLAINTEXT one the broker and its
         * admin client use; {@link EmbeddedKafkaBroker#bootstrapServers(String)} gives its address.
         * Configure it with {@link #property} using Kafka's per-listener keys, e.g.
         * {@code listener.name.sasl_plaintext.plain.sasl.jaas.config} (no JVM-wide JAAS file needed) or
         * {@code listener.name.ssl.ssl.keystore.location}.
         *
         * @param name the listener name, e.g. {@code SASL_PLAINTEXT} or {@code SSL} (upper case)
         * @param securityProtocol {@code PLAINTEXT}, {@code SSL}, {@code SASL_PLAINTEXT} or {@code SASL_SSL}
         */
        public Builder listener(String name, String securityProtocol) {
            String n = name.toUpperCase(java.util.Locale.ROOT);
            if (n.equals("PLAINTEXT") || n.equals("CONTROLLER")) {
                throw new IllegalArgumentException("listener " + n + " exists already");
            }
            listeners.put(n, securityProtocol.toUpperCase(java.util.Locale.ROOT));
            return this;
        }

        /** Lets producers create topics by writing to them (off by default: tests create topics). */
        public Builder autoCreateTopics(boolean enabled) {
            return property("auto.create.topics.enable", Boolean.toString(enabled));
        }

        public EmbeddedKafkaBroker build() {
            return new EmbeddedKafkaBroker(this);
        }
    }
}
