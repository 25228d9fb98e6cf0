package io.flafka.dist;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import io.flafka.core.config.ConfigLoader;
import io.flafka.core.registry.ComponentRegistry;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.slf4j.LoggerFactory;

/**
 * The run {@code bin/flafka} makes once, with {@code -XX:ArchiveClassesAtExit}, to build the class data
 * sharing archive that later starts map instead of reading, parsing and verifying classes one by one.
 * It loads (without initializing: no static code runs) every class of Flafka's jars and of Kafka's client
 * library (its protocol tables alone are about a thousand classes, loaded at the first exchange with a
 * broker), then runs what every start runs, short of the network. Loading those classes was most of the
 * time from an agent's launch to its first committed batch: 0.8-1.3 s in the end-to-end benchmark,
 * about 0.5 s with the archive.
 *
 * <p>An archive is valid only for the class path it was made with, which must come first on the class
 * path of the runs that use it and hold no directory: {@code bin/flafka} lists {@code lib/*.jar} first,
 * and makes the archive again when that list or the Java changes.
 */
public final class ClassArchiveTraining {
    /** The jars loaded whole, each named by a class it holds. */
    private static final List<String> ANCHORS = List.of(
            "io.flafka.api.Event",
            "io.flafka.core.runtime.Agent",
            "io.flafka.kafka.source.KafkaSource",
            "io.flafka.channel.file.FileChannel",
            "io.flafka.sources.taildir.TaildirSource",
            "io.flafka.avro.source.AvroSource",
            "io.flafka.dist.Main",
            "org.apache.kafka.clients.consumer.KafkaConsumer");

    /** Never connected to: the clients are made and closed at once. */
    private static final String UNUSED_BOOTSTRAP = "127.0.0.1:9";

    private ClassArchiveTraining() {
    }

    public static void main(String[] args) throws Exception {
        ClassLoader loader = ClassArchiveTraining.class.getClassLoader();
        int loaded = 0;
        int skipped = 0;
        for (Path jar : jars(loader)) {
            try (JarFile f = new JarFile(jar.toFile())) {
                for (Enumeration<JarEntry> e = f.entries(); e.hasMoreElements(); ) {
                    String name = e.nextElement().getName();
                    if (!name.endsWith(".class") || name.startsWith("META-INF/") || name.endsWith("module-info.class")) {
                        continue;
                    }
                    try {
                        Class.forName(name.substring(0, name.length() - 6).replace('/', '.'), false, loader);
                        loaded++;
                    } catch (LinkageError | ClassNotFoundException ex) {
                        skipped++;   // an optional dependency that is not shipped (a compression codec, ...)
                    }
                }
            }
        }
        exercise(loader);
        System.out.println("classes loaded for the archive: " + loaded + " (" + skipped + " skipped)");
    }

    /**
     * Runs what every agent start runs, without touching the network or the disk, so that the archive
     * also holds the lambdas and the JDK classes it needs: the component registry, the configuration
     * loader, and a Kafka consumer and producer made and closed (they connect only when used).
     */
    private static void exercise(ClassLoader loader) {
        if (LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME) instanceof Logger root) {
            root.setLevel(Level.WARN);   // logback's default configuration would print the clients' DEBUG lines
        }
        ComponentRegistry registry = ComponentRegistry.discover(loader);
        Map<String, String> props = new HashMap<>();
        props.put("a1.sources", "r1");
        props.put("a1.channels", "c1");
        props.put("a1.sinks", "k1");
        props.put("a1.sources.r1.type", "org.apache.flume.source.kafka.KafkaSource");
        props.put("a1.sources.r1.kafka.bootstrap.servers", UNUSED_BOOTSTRAP);
        props.put("a1.sources.r1.kafka.topics", "in");
        props.put("a1.sources.r1.channels", "c1");
        props.put("a1.channels.c1.type", "memory");
        props.put("a1.sinks.k1.type", "org.apache.flume.sink.kafka.KafkaSink");
        props.put("a1.sinks.k1.kafka.bootstrap.servers", UNUSED_BOOTSTRAP);
        props.put("a1.sinks.k1.kafka.topic", "out");
        props.put("a1.sinks.k1.channel", "c1");
        new ConfigLoader(registry).load(props, "a1");
        Map<String, Object> client = Map.of("bootstrap.servers", UNUSED_BOOTSTRAP, "group.id", "class-archive");
        new KafkaConsumer<>(client, new StringDeserializer(), new ByteArrayDeserializer()).close(Duration.ZERO);
        new KafkaProducer<>(Map.<String, Object>of("bootstrap.servers", UNUSED_BOOTSTRAP), new StringSerializer(),
                new ByteArraySerializer()).close(Duration.ZERO);
    }

    /** The jars holding the anchor classes, once each; an anchor missing from this build is skipped. */
    static List<Path> jars(ClassLoader loader) throws IOException, URISyntaxException {
        List<Path> jars = new ArrayList<>();
        for (String anchor : ANCHORS) {
            var url = loader.getResource(anchor.replace('.', '/') + ".class");
            if (url == null || !"jar".equals(url.getProtocol())) {
                continue;
            }
            String s = url.toString();
            Path jar = Path.of(new URI(s.substring("jar:".length(), s.indexOf("!/"))));
            if (!jars.contains(jar)) {
                jars.add(jar);
            }
        }
        return jars;
    }
}
