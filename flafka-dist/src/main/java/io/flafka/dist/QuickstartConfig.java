package io.flafka.dist;

import java.nio.file.Path;

/** The quickstart agent's configuration: Flume syntax, runnable unchanged by flume-ng 1.11 (bar the HDFS path). */
final class QuickstartConfig {
    private QuickstartConfig() {
    }

    /**
     * @param servers    Kafka bootstrap servers
     * @param netcatPort the producer pipeline's netcat port on 127.0.0.1
     * @param output     where the ingest pipeline writes
     * @param hdfs       true: an hdfs sink on a {@code file://} path; false: a file_roll sink
     */
    static String text(String servers, int netcatPort, Path output, boolean hdfs) {
        String a = QuickstartCommand.AGENT;
        StringBuilder s = new StringBuilder();
        s.append(String.join("\n",
                "# Written by 'flafka quickstart'. Run it again with: flafka agent -n " + a + " -f <this file>",
                "# (with a broker at " + servers + ", e.g. 'flafka kafka-server'; feed it with 'nc 127.0.0.1 "
                        + netcatPort + "').",
                "# Three pipelines in one agent, the three uses of the original Flafka:",
                "#   producer  r1 netcat -> c1 memory -> k1 Kafka sink (topic flume.txn)",
                "#   in-flight r2 Kafka source (flume.txn) -> interceptors -> c2 memory -> k2 Kafka sink (flume.auths)",
                "#   ingest    c3 Kafka channel (flume.txn, no source) -> k3 " + (hdfs ? "hdfs" : "file_roll") + " sink",
                a + ".sources = r1 r2",
                a + ".channels = c1 c2 c3",
                a + ".sinks = k1 k2 k3",
                "",
                "# --- producer: lines 'uuid|card|yyyy-MM-dd HH:mm:ss|amount|store' over TCP into Kafka",
                a + ".sources.r1.type = netcat",
                a + ".sources.r1.bind = 127.0.0.1",
                a + ".sources.r1.port = " + netcatPort,
                "# no 'OK' per line: the sender does not read replies",
                a + ".sources.r1.ack-every-event = false",
                a + ".sources.r1.channels = c1",
                a + ".channels.c1.type = memory",
                a + ".channels.c1.capacity = 10000",
                a + ".channels.c1.transactionCapacity = 1000",
                a + ".sinks.k1.type = kafka",
                a + ".sinks.k1.channel = c1",
                a + ".sinks.k1.kafka.bootstrap.servers = " + servers,
                a + ".sinks.k1.kafka.topic = flume.txn",
                a + ".sinks.k1.flumeBatchSize = 100",
                a + ".sinks.k1.kafka.producer.linger.ms = 5",
                "",
                "# --- in-flight processing: small batches for sub-second latency",
                a + ".sources.r2.type = kafka",
                a + ".sources.r2.kafka.bootstrap.servers = " + servers,
                a + ".sources.r2.kafka.topics = flume.txn",
                a + ".sources.r2.kafka.consumer.group.id = flafka-quickstart-auths",
                a + ".sources.r2.kafka.consumer.auto.offset.reset = earliest",
                a + ".sources.r2.batchSize = 20",
                a + ".sources.r2.batchDurationMillis = 100",
                a + ".sources.r2.channels = c2",
                a + ".sources.r2.interceptors = fields valid mask stage",
                "# card, amount and store become headers",
                a + ".sources.r2.interceptors.fields.type = regex_extractor",
                a + ".sources.r2.interceptors.fields.regex = ^[^|]+\\\\|(\\\\d{16})\\\\|[^|]+\\\\|(\\\\d+\\\\.\\\\d{2})\\\\|(.+)$",
                a + ".sources.r2.interceptors.fields.serializers = card amount store",
                a + ".sources.r2.interceptors.fields.serializers.card.name = card",
                a + ".sources.r2.interceptors.fields.serializers.amount.name = amount",
                a + ".sources.r2.interceptors.fields.serializers.store.name = store",
                "# only well-formed transactions go on",
                a + ".sources.r2.interceptors.valid.type = regex_filter",
                a + ".sources.r2.interceptors.valid.regex = ^[0-9a-f-]{36}\\\\|\\\\d{16}\\\\|",
                a + ".sources.r2.interceptors.valid.excludeEvents = false",
                "# the card number is masked in the authorisation stream",
                a + ".sources.r2.interceptors.mask.type = search_replace",
                a + ".sources.r2.interceptors.mask.searchPattern = \\\\|(\\\\d{4})\\\\d{8}(\\\\d{4})\\\\|",
                a + ".sources.r2.interceptors.mask.replaceString = |$1********$2|",
                a + ".sources.r2.interceptors.stage.type = static",
                a + ".sources.r2.interceptors.stage.key = stage",
                a + ".sources.r2.interceptors.stage.value = authorised",
                a + ".channels.c2.type = memory",
                a + ".channels.c2.capacity = 10000",
                a + ".channels.c2.transactionCapacity = 1000",
                a + ".sinks.k2.type = kafka",
                a + ".sinks.k2.channel = c2",
                a + ".sinks.k2.kafka.bootstrap.servers = " + servers,
                a + ".sinks.k2.kafka.topic = flume.auths",
                "# the source's 'topic' header (flume.txn) must not redirect these events back into flume.txn",
                a + ".sinks.k2.allowTopicOverride = false",
                a + ".sinks.k2.flumeBatchSize = 20",
                a + ".sinks.k2.kafka.producer.linger.ms = 1",
                "",
                "# --- ingest: the Kafka channel reads flume.txn itself; no source, no extra hop",
                a + ".channels.c3.type = kafka",
                a + ".channels.c3.kafka.bootstrap.servers = " + servers,
                a + ".channels.c3.kafka.topic = flume.txn",
                "# flume.txn holds plain lines written by k1, not Flume's Avro events",
                a + ".channels.c3.parseAsFlumeEvent = false",
                a + ".channels.c3.kafka.consumer.group.id = flafka-quickstart-ingest",
                a + ".channels.c3.kafka.consumer.auto.offset.reset = earliest",
                ""));
        if (hdfs) {
            // the Kafka channel's events carry no 'topic' header (parseAsFlumeEvent = false), so the topic is
            // spelled out where a Kafka source's events would use %{topic}
            s.append(String.join("\n",
                    a + ".sinks.k3.type = hdfs",
                    a + ".sinks.k3.channel = c3",
                    a + ".sinks.k3.hdfs.path = " + output.toUri().toString().replaceAll("/$", "")
                            + "/flume.txn/%Y-%m-%d",
                    a + ".sinks.k3.hdfs.filePrefix = txn",
                    a + ".sinks.k3.hdfs.fileType = DataStream",
                    a + ".sinks.k3.hdfs.writeFormat = Text",
                    a + ".sinks.k3.hdfs.useLocalTimeStamp = true",
                    "# a new file every 10 s; in-use files end in .tmp",
                    a + ".sinks.k3.hdfs.rollInterval = 10",
                    a + ".sinks.k3.hdfs.rollSize = 0",
                    a + ".sinks.k3.hdfs.rollCount = 0",
                    a + ".sinks.k3.hdfs.batchSize = 100",
                    ""));
        } else {
            s.append(String.join("\n",
                    "# one line per event; a new file every 10 s",
                    a + ".sinks.k3.type = file_roll",
                    a + ".sinks.k3.channel = c3",
                    a + ".sinks.k3.sink.directory = " + output,
                    a + ".sinks.k3.sink.rollInterval = 10",
                    a + ".sinks.k3.sink.batchSize = 100",
                    ""));
        }
        return s.toString();
    }
}
