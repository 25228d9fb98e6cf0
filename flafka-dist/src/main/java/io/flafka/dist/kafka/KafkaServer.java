package io.flafka.dist.kafka;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;
import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import kafka.tools.StorageTool;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.utils.Time;

/**
 * A single-node Kafka broker for development (KRaft, broker and controller in one node) on 127.0.0.1,
 * its data under {@code DIR/data}. The storage is formatted on first start and kept afterwards, so a
 * restart keeps the topics. Not for production: replication factor 1, one node.
 *
 * <p>{@link #start()} and {@link #close()} are called by one thread (the command's, or a shutdown hook);
 * the broker's threads are Kafka's.
 */
public final class KafkaServer implements AutoCloseable {
    private final Path dir;
    private final int port;
    private final int controllerPort;
    private KafkaRaftServer server;

    public KafkaServer(Path dir, int port, int controllerPort) {
        this.dir = dir.toAbsolutePath().normalize();
        this.port = port;
        this.controllerPort = controllerPort;
    }

    /** {@code 127.0.0.1:<port>}. */
    public String bootstrapServers() {
        return "127.0.0.1:" + port;
    }

    /** Formats the storage (unless already formatted) and starts the broker; returns once it is started. */
    public synchronized KafkaServer start() {
        if (server != null) {
            return this;
        }
        Properties props = properties();
        Path file = dir.resolve("server.properties");
        try {
            Files.createDirectories(dir.resolve("data"));
            try (OutputStream out = Files.newOutputStream(file)) {
                props.store(out, "Written by flafka's development Kafka broker; rewritten on every start");
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
        // a formatted directory keeps its cluster id: formatting again with a new id would fail
        if (!Files.exists(dir.resolve("data").resolve("meta.properties"))) {
            format(file);
        }
        KafkaRaftServer s = new KafkaRaftServer(KafkaConfig.fromProps(props, false), Time.SYSTEM);
        s.startup();
        server = s;
        return this;
    }

    /** Shuts the broker down and waits until it has (the data is kept). */
    @Override
    public synchronized void close() {
        if (server != null) {
            KafkaRaftServer s = server;
            server = null;
            s.shutdown();
            s.awaitShutdown();
        }
    }

    Properties properties() {
        Properties p = new Properties();
        p.put("process.roles", "broker,controller");
        p.put("node.id", "1");
        p.put("controller.quorum.voters", "1@127.0.0.1:" + controllerPort);
        p.put("listeners", "PLAINTEXT://127.0.0.1:" + port + ",CONTROLLER://127.0.0.1:" + controllerPort);
        p.put("advertised.listeners", "PLAINTEXT://127.0.0.1:" + port);
        p.put("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
        p.put("controller.listener.names", "CONTROLLER");
        p.put("inter.broker.listener.name", "PLAINTEXT");
        p.put("log.dirs", dir.resolve("data").toString());
        p.put("num.partitions", "1");
        p.put("auto.create.topics.enable", "true");
        // one node: every internal topic has a single replica
        p.put("offsets.topic.replication.factor", "1");
        p.put("offsets.topic.num.partitions", "1");
        p.put("transaction.state.log.replication.factor", "1");
        p.put("transaction.state.log.min.isr", "1");
        p.put("transaction.state.log.num.partitions", "1");
        p.put("share.coordinator.state.topic.replication.factor", "1");
        p.put("share.coordinator.state.topic.min.isr", "1");
        // a consumer group starts at once instead of waiting 3 s for more members
        p.put("group.initial.rebalance.delay.ms", "0");
        return p;
    }

    private void format(Path file) {
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        int rc;
        try (PrintStream ps = new PrintStream(captured, true, StandardCharsets.UTF_8)) {
            rc = StorageTool.execute(new String[] {"format", "--ignore-formatted", "-t", Uuid.randomUuid().toString(),
                "-c", file.toString()}, ps);
        }
        if (rc != 0) {
            throw new IllegalStateException("formatting the Kafka storage under " + dir + " failed (" + rc + "): "
                    + captured.toString(StandardCharsets.UTF_8).trim());
        }
    }
}
