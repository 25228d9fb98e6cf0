package io.flafka.sources;

import static org.assertj.core.api.Assertions.assertThat;

import io.flafka.api.ComponentKind;
import io.flafka.api.ComponentProvider;
import java.util.HashMap;
import java.util.Map;
import java.util.ServiceLoader;
import org.junit.jupiter.api.Test;

class SourceProvidersTest {
    @Test
    @SuppressWarnings("rawtypes")
    void everySourceIsListedUnderItsFlumeNames() {
        Map<String, ComponentProvider<?>> byName = new HashMap<>();
        for (ComponentProvider p : ServiceLoader.load(ComponentProvider.class)) {
            if (p.kind() == ComponentKind.SOURCE && p.getClass().getName().startsWith("io.flafka.sources.")) {
                byName.put(p.type(), p);
                for (Object alias : p.aliases()) {
                    byName.put((String) alias, p);
                }
                assertThat(p.description()).isNotBlank();
            }
        }
        assertThat(byName).containsKeys("taildir", "TAILDIR", "org.apache.flume.source.taildir.TaildirSource",
                "spooldir", "org.apache.flume.source.SpoolDirectorySource",
                "exec", "org.apache.flume.source.ExecSource",
                "http", "org.apache.flume.source.http.HTTPSource",
                "syslogtcp", "org.apache.flume.source.SyslogTcpSource",
                "multiport_syslogtcp", "org.apache.flume.source.MultiportSyslogTCPSource",
                "syslogudp", "org.apache.flume.source.SyslogUDPSource");
        assertThat(byName.get("TAILDIR").configDef().batchSizeKey()).isEqualTo("batchSize");
        assertThat(byName.get("spooldir").configDef().batchSizeKey()).isEqualTo("batchSize");
        assertThat(byName.get("exec").configDef().batchSizeKey()).isEqualTo("batchSize");
    }
}
