package io.flafka.core.processor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.flafka.api.SinkProcessor;
import io.flafka.api.Status;
import io.flafka.api.config.ConfigException;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DefaultSinkProcessorTest {
    private final DefaultSinkProcessor.Provider provider = new DefaultSinkProcessor.Provider();
    private final Processors p = new Processors();

    @Test
    void providerNamesMatchFlume() {
        assertThat(provider.type()).isEqualTo("default");
        assertThat(provider.aliases()).containsExactly("org.apache.flume.sink.DefaultSinkProcessor");
    }

    @Test
    void delegatesToTheOnlySink() throws Exception {
        SinkProcessor sp = provider.create(Processors.context(provider, Map.of()));
        sp.initialize(p.sinks("k1"));
        assertThat(sp.process()).isEqualTo(Status.READY);
        p.sink("k1").status = Status.BACKOFF;
        assertThat(sp.process()).isEqualTo(Status.BACKOFF);
        p.sink("k1").failing = true;
        assertThatThrownBy(sp::process).hasMessageContaining("k1 is down");
        assertThat(p.sink("k1").calls).isEqualTo(3);
    }

    @Test
    void needsExactlyOneSink() throws Exception {
        SinkProcessor sp = provider.create(Processors.context(provider, Map.of()));
        assertThatThrownBy(() -> sp.initialize(p.sinks("k1", "k2"))).isInstanceOf(ConfigException.class)
                .hasMessageContaining("a1.sinkgroups.g1.processor.type").hasMessageContaining("exactly one");
        assertThatThrownBy(() -> sp.initialize(Map.of())).isInstanceOf(ConfigException.class);
    }
}
