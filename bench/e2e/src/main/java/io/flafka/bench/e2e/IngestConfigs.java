package io.flafka.bench.e2e;

import java.nio.file.Path;
import java.util.Map;

/**
 * The Flume-style configurations of scenarios g-k (issues 4, 5 and 6), built from the same pieces as
 * {@link Scenarios}: channel {@code capacity} 100 x batch and {@code transactionCapacity} = batch.
 */
final class IngestConfigs {
    /** HDFS files roll at this size (Flume's default of 1 KiB would roll every 5 events). */
    static final long HDFS_ROLL_SIZE = 128L << 20;

    private IngestConfigs() {
    }

    /** (g) Kafka source -> file channel (Flume's defaults: fsync on every commit) -> null sink. */
    static Map<String, String> kafkaToFileChannel(Scenarios.Env env, int batch, String group, Path checkpointDir,
                                                  Path dataDir) {
        Scenarios.Props p = Scenarios.kafkaSource(new Scenarios.Props(), env.bootstrap(), Scenarios.INPUT_TOPIC,
                group).set("sources.r1.batchSize", batch);
        p.set("channels", "c1")
                .set("channels.c1.type", "org.apache.flume.channel.file.FileChannel")
                .set("channels.c1.checkpointDir", checkpointDir)
                .set("channels.c1.dataDirs", dataDir)
                .set("channels.c1.capacity", 100 * batch)
                .set("channels.c1.transactionCapacity", batch);
        return Scenarios.nullSink(p, batch).map();
    }

    /** (h) Kafka channel on the input topic (no source) -> HDFS sink, DataStream to local files. */
    static Map<String, String> kafkaChannelToHdfs(Scenarios.Env env, int batch, String group, Path dir) {
        Scenarios.Props p = new Scenarios.Props().set("channels", "c1")
                .set("channels.c1.type", "org.apache.flume.channel.kafka.KafkaChannel")
                .set("channels.c1.kafka.bootstrap.servers", env.bootstrap())
                .set("channels.c1.kafka.topic", Scenarios.INPUT_TOPIC)
                .set("channels.c1.parseAsFlumeEvent", false)
                .set("channels.c1.kafka.consumer.group.id", group);
        return p.set("sinks", "k1")
                .set("sinks.k1.type", "org.apache.flume.sink.hdfs.HDFSEventSink")
                .set("sinks.k1.hdfs.path", dir.toUri())
                .set("sinks.k1.hdfs.fileType", "DataStream")
                .set("sinks.k1.hdfs.batchSize", batch)
                .set("sinks.k1.hdfs.rollCount", 0)
                .set("sinks.k1.hdfs.rollInterval", 0)
                .set("sinks.k1.hdfs.rollSize", HDFS_ROLL_SIZE)
                .set("sinks.k1.channel", "c1").map();
    }

    /** (i) TAILDIR over every {@code *.log} of {@code dir} -> memory -> Kafka sink. */
    static Map<String, String> taildirToKafka(Scenarios.Env env, int batch, Path dir, Path positionFile, String out) {
        Scenarios.Props p = new Scenarios.Props().set("sources", "r1")
                .set("sources.r1.type", "TAILDIR")
                .set("sources.r1.filegroups", "f1")
                .set("sources.r1.filegroups.f1", dir.toAbsolutePath() + "/.*\\.log")
                .set("sources.r1.positionFile", positionFile)
                .set("sources.r1.batchSize", batch)
                .set("sources.r1.channels", "c1");
        return toKafka(env, batch, p, out);
    }

    /** (j, k) a listening source ({@code http} with the JSON handler, or {@code avro}) -> memory -> Kafka sink. */
    static Map<String, String> listenerToKafka(Scenarios.Env env, int batch, String type, int port, String out) {
        Scenarios.Props p = new Scenarios.Props().set("sources", "r1")
                .set("sources.r1.type", type)
                .set("sources.r1.bind", "127.0.0.1")
                .set("sources.r1.port", port)
                .set("sources.r1.channels", "c1");
        return toKafka(env, batch, p, out);
    }

    private static Map<String, String> toKafka(Scenarios.Env env, int batch, Scenarios.Props p, String out) {
        Scenarios.memory(p, 100 * batch, batch);
        return Scenarios.kafkaSink(p, env.bootstrap(), out).set("sinks.k1.flumeBatchSize", batch).map();
    }
}
