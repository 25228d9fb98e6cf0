package io.flafka.hdfs;

import io.flafka.api.ComponentContext;
import io.flafka.api.ComponentKind;
import io.flafka.api.ComponentProvider;
import io.flafka.api.Sink;
import io.flafka.api.config.ConfigDef;
import io.flafka.api.metrics.SinkCounter;
import java.util.Set;

/** Provides {@link HdfsSink} as {@code hdfs} ({@code org.apache.flume.sink.hdfs.HDFSEventSink}). */
public final class HdfsSinkProvider implements ComponentProvider<Sink> {
    @Override
    public ComponentKind kind() {
        return ComponentKind.SINK;
    }

    @Override
    public String type() {
        return "hdfs";
    }

    @Override
    public Set<String> aliases() {
        return Set.of("org.apache.flume.sink.hdfs.HDFSEventSink");
    }

    @Override
    public String description() {
        return "Writes events to rolling files on HDFS or a local file system (SequenceFile, text, Avro, compressed).";
    }

    @Override
    public ConfigDef configDef() {
        return HdfsSinkKeys.CONFIG_DEF;
    }

    @Override
    public Sink create(ComponentContext context) {
        return new HdfsSink(context.name(), HdfsSinkSettings.from(context.config()),
                context.counters(SinkCounter.class), System::currentTimeMillis, EscapeTemplate.HostNames.system());
    }
}
