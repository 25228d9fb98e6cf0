package io.flafka.bench.e2e;

import io.flafka.core.config.ConfigLoader;
import io.flafka.core.config.LoadResult;
import io.flafka.core.registry.ComponentRegistry;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;

/** The Flume-style configurations of the agent scenarios, and the environment they run in. */
final class Scenarios {
    static final String AGENT = "a";
    static final String INPUT_TOPIC = "in";

    private Scenarios() {
    }

    /** CPU readings at one instant: this JVM and the broker child. */
    record Probe(long nanos, long cpu, long brokerCpu) {
    }

    /**
     * What every scenario needs: the broker, the sizes, the component registry, and where agents run: the
     * scenarios' own JVMs ({@code agentJvms}), or this one when it is null.
     */
    record Env(String bootstrap, ProcessHandle broker, Admin admin, long events, Bodies bodies, int partitions,
               Path workDir, ComponentRegistry registry, AgentJvm.Pool agentJvms) {

        /** Resets the peak RSS and reads the CPU clocks: the start of a scenario. */
        Probe begin() {
            System.gc();
            Meter.resetPeakRss();
            return probe();
        }

        Probe probe() {
            return new Probe(System.nanoTime(), Meter.cpuNanos(), Meter.cpuNanos(broker));
        }

        void createTopic(String name) throws Exception {
            Kafka.createTopic(admin, name, partitions);
        }

        /**
         * Reads an output topic back ({@link SeqCheck}), then deletes it: left behind, every run's 200 MB were
         * written back to disk by the kernel half a minute later, while later runs were measured (the third pair
         * of a run was the slowest, with the broker's CPU up to 1.6 times the first's).
         */
        Verification readBackAndDelete(String topic) throws Exception {
            Verification v = SeqCheck.ofTopic(bootstrap, topic, events);
            admin.deleteTopics(List.of(topic)).all().get(60, TimeUnit.SECONDS);
            return v;
        }

        Path dir(String name) {
            try {
                return Files.createDirectories(workDir.resolve(name));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        /** Loads a Flume-style configuration through the real loader and registry. */
        LoadResult load(Map<String, String> props) {
            return Scenarios.load(registry, props);
        }
    }

    /** Loads agent {@value #AGENT} of a Flume-style configuration through the real loader; a rejection throws. */
    static LoadResult load(ComponentRegistry registry, Map<String, String> props) {
        LoadResult r = new ConfigLoader(registry).load(props, AGENT);
        if (!r.ok()) {
            throw new IllegalStateException("configuration rejected: " + r.diagnostics().errors());
        }
        return r;
    }

    /** A properties builder that prefixes {@code a.}. */
    static final class Props {
        private final Map<String, String> map = new LinkedHashMap<>();

        Props set(String key, Object value) {
            map.put(AGENT + "." + key, String.valueOf(value));
            return this;
        }

        Map<String, String> map() {
            return map;
        }
    }

    static Props kafkaSource(Props p, String bootstrap, String topic, String group) {
        return p.set("sources", "r1")
                .set("sources.r1.type", "org.apache.flume.source.kafka.KafkaSource")
                .set("sources.r1.kafka.bootstrap.servers", bootstrap)
                .set("sources.r1.kafka.topics", topic)
                .set("sources.r1.kafka.consumer.group.id", group)
                .set("sources.r1.kafka.consumer.auto.offset.reset", "earliest")
                .set("sources.r1.channels", "c1");
    }

    static Props memory(Props p, int capacity, int transactionCapacity) {
        return p.set("channels", "c1")
                .set("channels.c1.type", "memory")
                .set("channels.c1.capacity", capacity)
                .set("channels.c1.transactionCapacity", transactionCapacity);
    }

    static Props nullSink(Props p, int batch) {
        return p.set("sinks", "k1").set("sinks.k1.type", "null").set("sinks.k1.batchSize", batch)
                .set("sinks.k1.channel", "c1");
    }

    static Props kafkaSink(Props p, String bootstrap, String topic) {
        // the Kafka source puts the topic it read into the 'topic' header, which would override kafka.topic
        return p.set("sinks", "k1")
                .set("sinks.k1.type", "org.apache.flume.sink.kafka.KafkaSink")
                .set("sinks.k1.kafka.bootstrap.servers", bootstrap)
                .set("sinks.k1.kafka.topic", topic)
                .set("sinks.k1.allowTopicOverride", false)
                .set("sinks.k1.channel", "c1");
    }

    /** (a) Kafka source -> memory -> null. */
    static Map<String, String> kafkaToNull(Env env, int batch, String group) {
        Props p = kafkaSource(new Props(), env.bootstrap(), INPUT_TOPIC, group).set("sources.r1.batchSize", batch);
        memory(p, 100 * batch, batch);
        return nullSink(p, batch).map();
    }

    /** (b) Kafka source -> memory -> file_roll. */
    static Map<String, String> kafkaToFileRoll(Env env, int batch, String group, Path dir) {
        Props p = kafkaSource(new Props(), env.bootstrap(), INPUT_TOPIC, group).set("sources.r1.batchSize", batch);
        memory(p, 100 * batch, batch);
        return p.set("sinks", "k1").set("sinks.k1.type", "file_roll")
                .set("sinks.k1.sink.directory", dir)
                .set("sinks.k1.sink.batchSize", batch)
                .set("sinks.k1.channel", "c1").map();
    }

    /** (c) Kafka source + timestamp + regex_filter -> memory -> Kafka sink. */
    static Map<String, String> kafkaToKafka(Env env, int batch, String group, String out) {
        Props p = kafkaSource(new Props(), env.bootstrap(), INPUT_TOPIC, group).set("sources.r1.batchSize", batch)
                .set("sources.r1.interceptors", "ts rf")
                .set("sources.r1.interceptors.ts.type", "timestamp")
                .set("sources.r1.interceptors.rf.type", "regex_filter")
                .set("sources.r1.interceptors.rf.regex", Bodies.REGEX);
        memory(p, 100 * batch, batch);
        return kafkaSink(p, env.bootstrap(), out).set("sinks.k1.flumeBatchSize", batch).map();
    }

    /** (d) netcat -> memory -> Kafka sink. */
    static Map<String, String> netcatToKafka(Env env, int batch, int port, String out) {
        Props p = new Props().set("sources", "r1")
                .set("sources.r1.type", "netcat")
                .set("sources.r1.bind", "127.0.0.1")
                .set("sources.r1.port", port)
                .set("sources.r1.ack-every-event", false)
                .set("sources.r1.max-line-length", Math.max(512, env.bodies().size() + 1))
                .set("sources.r1.batchSize", batch)
                .set("sources.r1.channels", "c1");
        memory(p, 100 * batch, batch);
        return kafkaSink(p, env.bootstrap(), out).set("sinks.k1.flumeBatchSize", batch).map();
    }

    /** (e) Kafka channel reading the input topic (no source) -> null. */
    static Map<String, String> kafkaChannelToNull(Env env, int batch, String group) {
        Props p = new Props().set("channels", "c1")
                .set("channels.c1.type", "org.apache.flume.channel.kafka.KafkaChannel")
                .set("channels.c1.kafka.bootstrap.servers", env.bootstrap())
                .set("channels.c1.kafka.topic", INPUT_TOPIC)
                .set("channels.c1.parseAsFlumeEvent", false)
                .set("channels.c1.kafka.consumer.group.id", group);
        return nullSink(p, batch).map();
    }

    /** (f) Kafka source -> memory -> Kafka sink with Flume's default batching. */
    static Map<String, String> latencyPipeline(Env env, String in, String out) {
        Props p = kafkaSource(new Props(), env.bootstrap(), in, "bench-f");
        // Flume's defaults: source batchSize 1000, batchDurationMillis 1000; the memory channel's
        // transactionCapacity must hold a source batch
        memory(p, 10_000, 1000);
        return kafkaSink(p, env.bootstrap(), out).map();
    }

    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }
}
