package io.flafka.avro;

import static org.assertj.core.api.Assertions.assertThat;

import io.flafka.api.ComponentKind;
import io.flafka.api.ComponentProvider;
import io.flafka.api.config.Config;
import io.flafka.api.config.Diagnostics;
import io.flafka.avro.sink.AvroSink;
import io.flafka.avro.sink.AvroSinkProvider;
import io.flafka.avro.source.AvroSource;
import io.flafka.avro.source.AvroSourceProvider;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import org.junit.jupiter.api.Test;

class ProvidersTest {

    @Test
    void bothProvidersAreDiscoverable() {
        List<ComponentKind> found = new java.util.ArrayList<>();
        for (ComponentProvider<?> p : ServiceLoader.load(ComponentProvider.class)) {
            if (p.getClass().getPackageName().startsWith("io.flafka.avro")) {
                found.add(p.kind());
            }
        }
        assertThat(found)
                .containsExactlyInAnyOrder(ComponentKind.SOURCE, ComponentKind.SINK);
        assertThat(new AvroSourceProvider().aliases()).contains("org.apache.flume.source.AvroSource");
        assertThat(new AvroSinkProvider().aliases()).contains("org.apache.flume.sink.AvroSink");
        assertThat(new AvroSinkProvider().type()).isEqualTo("avro");
    }

    @Test
    void flumeDefaultsAndBatchSizeKey() {
        Config sink = Config.parse(AvroSink.CONFIG_DEF, Map.of("hostname", "h", "port", "4141"));
        assertThat(sink.get(AvroSink.BATCH_SIZE)).isEqualTo(100);
        assertThat(sink.get(AvroSink.CONNECT_TIMEOUT)).isEqualTo(20000L);
        assertThat(sink.get(AvroSink.REQUEST_TIMEOUT)).isEqualTo(20000L);
        assertThat(sink.get(AvroSink.COMPRESSION_LEVEL)).isEqualTo(6);
        assertThat(sink.getList(AvroSink.EXCLUDE_PROTOCOLS)).containsExactly("SSLv3");
        assertThat(AvroSink.CONFIG_DEF.batchSizeKey()).isEqualTo("batch-size");
        Config source = Config.parse(AvroSource.CONFIG_DEF, Map.of("bind", "0.0.0.0", "port", "4141"));
        assertThat(source.get(AvroSource.IP_FILTER)).isFalse();
        assertThat(source.get(AvroSource.COMPRESSION_TYPE)).isEqualTo("none");
    }

    @Test
    void mistakesAreReportedTogether() {
        Diagnostics d = new Diagnostics();
        AvroSink.CONFIG_DEF.validate(Map.of("port", "x", "compression-type", "gzip", "batchSize", "5"), "a1.sinks.k1.",
                d);
        String all = d.errors().toString();
        assertThat(all).contains("a1.sinks.k1.hostname").contains("a1.sinks.k1.port")
                .contains("a1.sinks.k1.compression-type").contains("batch-size");
        Diagnostics s = new Diagnostics();
        AvroSource.CONFIG_DEF.validate(Map.of("bind", "h", "port", "1", "keystore-password", "hunter2",
                "keystore-type", "PEM"), "a1.sources.r1.", s);
        assertThat(s.errors().toString()).contains("keystore-type").doesNotContain("hunter2");
    }
}
