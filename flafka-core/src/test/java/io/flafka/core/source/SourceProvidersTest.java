package io.flafka.core.source;

import static org.assertj.core.api.Assertions.assertThat;

import io.flafka.api.ComponentKind;
import io.flafka.api.ComponentProvider;
import java.util.HashMap;
import java.util.Map;
import java.util.ServiceLoader;
import org.junit.jupiter.api.Test;

/** The providers of this package and of the sink package are listed for ServiceLoader with Flume's names. */
class SourceProvidersTest {

    @Test
    void providersAreDiscoverableUnderFlumeNames() {
        Map<String, ComponentProvider<?>> byType = new HashMap<>();
        for (ComponentProvider<?> p : ServiceLoader.load(ComponentProvider.class)) {
            byType.put(p.kind() + ":" + p.type(), p);
        }
        check(byType, ComponentKind.SOURCE, "seq", "org.apache.flume.source.SequenceGeneratorSource");
        check(byType, ComponentKind.SOURCE, "netcat", "org.apache.flume.source.NetcatSource");
        check(byType, ComponentKind.SOURCE, "netcatudp", "org.apache.flume.source.NetcatUdpSource");
        check(byType, ComponentKind.SINK, "logger", "org.apache.flume.sink.LoggerSink");
        check(byType, ComponentKind.SINK, "null", "org.apache.flume.sink.NullSink");
        check(byType, ComponentKind.SINK, "file_roll", "org.apache.flume.sink.RollingFileSink");
    }

    private static void check(Map<String, ComponentProvider<?>> byType, ComponentKind kind, String type,
                              String flumeClass) {
        ComponentProvider<?> p = byType.get(kind + ":" + type);
        assertThat(p).as(type).isNotNull();
        assertThat(p.aliases()).contains(flumeClass);
        assertThat(p.description()).isNotBlank();
        assertThat(p.configDef().keys()).isNotEmpty();
        p.configDef().keys().values().forEach(k -> assertThat(k.doc()).as(type + "." + k.name()).isNotBlank());
    }
}
