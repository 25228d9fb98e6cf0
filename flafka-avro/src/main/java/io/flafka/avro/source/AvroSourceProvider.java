package io.flafka.avro.source;

import io.flafka.api.ComponentContext;
import io.flafka.api.ComponentKind;
import io.flafka.api.ComponentProvider;
import io.flafka.api.Source;
import io.flafka.api.config.Config;
import io.flafka.api.config.ConfigDef;
import io.flafka.api.config.ConfigException;
import io.flafka.api.metrics.SourceCounter;
import io.flafka.avro.rpc.TlsSettings;
import java.util.Set;

/** Provides {@link AvroSource} as {@code avro} ({@code org.apache.flume.source.AvroSource}). */
public final class AvroSourceProvider implements ComponentProvider<Source> {
    @Override
    public ComponentKind kind() {
        return ComponentKind.SOURCE;
    }

    @Override
    public String type() {
        return "avro";
    }

    @Override
    public Set<String> aliases() {
        return Set.of("org.apache.flume.source.AvroSource");
    }

    @Override
    public String description() {
        return "Receives events over Flume's Avro RPC (from avro sinks and Flume clients); OK only after commit.";
    }

    @Override
    public ConfigDef configDef() {
        return AvroSource.CONFIG_DEF;
    }

    @Override
    public Source create(ComponentContext context) {
        return new AvroSource(context.name(), settings(context), context.counters(SourceCounter.class));
    }

    static AvroSource.Settings settings(ComponentContext context) {
        Config c = context.config();
        TlsSettings tls = null;
        if (c.get(AvroSource.SSL)) {
            if (c.get(AvroSource.KEYSTORE) == null && System.getProperty("javax.net.ssl.keyStore") == null) {
                throw new ConfigException(context.qualifiedName() + ".keystore",
                        "is required when ssl = true (or set the JVM's javax.net.ssl.keyStore)");
            }
            tls = new TlsSettings(c.get(AvroSource.KEYSTORE), c.get(AvroSource.KEYSTORE_PASSWORD),
                    c.get(AvroSource.KEYSTORE_TYPE), false, c.getList(AvroSource.INCLUDE_PROTOCOLS),
                    c.getList(AvroSource.EXCLUDE_PROTOCOLS), c.getList(AvroSource.INCLUDE_CIPHER_SUITES),
                    c.getList(AvroSource.EXCLUDE_CIPHER_SUITES));
        }
        IpFilterRules rules = null;
        if (c.get(AvroSource.IP_FILTER)) {
            String spec = c.get(AvroSource.IP_FILTER_RULES);
            if (spec == null || spec.isBlank()) {
                throw new ConfigException(context.qualifiedName() + ".ipFilterRules", "is required when ipFilter = true");
            }
            rules = IpFilterRules.parse(spec);
        }
        return new AvroSource.Settings(c.get(AvroSource.BIND), c.get(AvroSource.PORT), c.get(AvroSource.THREADS),
                "deflate".equalsIgnoreCase(c.get(AvroSource.COMPRESSION_TYPE).trim()), tls, rules);
    }
}
