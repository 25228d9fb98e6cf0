package io.flafka.avro.sink;

import io.flafka.api.ComponentContext;
import io.flafka.api.ComponentKind;
import io.flafka.api.ComponentProvider;
import io.flafka.api.Sink;
import io.flafka.api.config.Config;
import io.flafka.api.config.ConfigDef;
import io.flafka.api.metrics.SinkCounter;
import io.flafka.avro.rpc.AvroRpcClient;
import io.flafka.avro.rpc.TlsSettings;
import java.util.List;
import java.util.Set;

/** Provides {@link AvroSink} as {@code avro} ({@code org.apache.flume.sink.AvroSink}). */
public final class AvroSinkProvider implements ComponentProvider<Sink> {
    @Override
    public ComponentKind kind() {
        return ComponentKind.SINK;
    }

    @Override
    public String type() {
        return "avro";
    }

    @Override
    public Set<String> aliases() {
        return Set.of("org.apache.flume.sink.AvroSink");
    }

    @Override
    public String description() {
        return "Sends batches over Flume's Avro RPC to an avro source; commits only when it answers OK.";
    }

    @Override
    public ConfigDef configDef() {
        return AvroSink.CONFIG_DEF;
    }

    @Override
    public Sink create(ComponentContext context) {
        Config c = context.config();
        TlsSettings tls = null;
        if (c.get(AvroSink.SSL)) {
            tls = new TlsSettings(c.get(AvroSink.TRUSTSTORE), c.get(AvroSink.TRUSTSTORE_PASSWORD),
                    c.get(AvroSink.TRUSTSTORE_TYPE), c.get(AvroSink.TRUST_ALL_CERTS), List.of(),
                    c.getList(AvroSink.EXCLUDE_PROTOCOLS), List.of(), List.of());
        }
        AvroRpcClient.Settings s = new AvroRpcClient.Settings(c.get(AvroSink.HOSTNAME).trim(), c.get(AvroSink.PORT),
                c.get(AvroSink.CONNECT_TIMEOUT), c.get(AvroSink.REQUEST_TIMEOUT),
                "deflate".equalsIgnoreCase(c.get(AvroSink.COMPRESSION_TYPE).trim()), c.get(AvroSink.COMPRESSION_LEVEL),
                tls);
        return new AvroSink(context.name(), c.get(AvroSink.BATCH_SIZE), s, c.get(AvroSink.RESET_CONNECTION_INTERVAL),
                context.counters(SinkCounter.class));
    }
}
