package io.flafka.core.sink;

import static org.assertj.core.api.Assertions.assertThat;

import io.flafka.api.ComponentProvider;
import io.flafka.api.Status;
import io.flafka.api.config.Config;
import io.flafka.api.metrics.SinkCounter;
import io.flafka.testkit.SinkContractTest;
import java.util.Map;
import org.junit.jupiter.api.Test;

class NullSinkTest extends SinkContractTest {
    @Override
    protected ComponentProvider<?> provider() {
        return new NullSinkProvider();
    }

    @Override
    protected Map<String, String> config() {
        return Map.of("batchSize", "40");
    }

    @Override
    protected int batchSize() {
        return 40;
    }

    @Test
    void countsEveryDiscardedEventExactly() throws Exception {
        sink().start(channel());
        fill("n-", 1234);
        while (sink().process() == Status.READY) {
            // drain
        }
        assertThat(counter().get(SinkCounter.DRAIN_ATTEMPT)).isEqualTo(1234);
        assertThat(counter().get(SinkCounter.DRAIN_SUCCESS)).isEqualTo(1234);
        assertThat(channel().size()).isZero();
    }

    @Test
    void failedTakeIsCountedAsChannelReadFail() throws Exception {
        sink().start(channel());
        fill("f-", 3);
        channel().failTakes(1);
        org.assertj.core.api.Assertions.assertThatThrownBy(sink()::process)
                .isInstanceOf(io.flafka.api.ChannelException.class);
        assertThat(counter().get(SinkCounter.CHANNEL_READ_FAIL)).isEqualTo(1);
        assertThat(counter().get(SinkCounter.DRAIN_ATTEMPT)).isZero();
        assertThat(channel().size()).isEqualTo(3);
    }

    @Test
    void defaultBatchSizeIsDeclared() {
        assertThat(Config.parse(NullSink.CONFIG_DEF, Map.of()).get(NullSink.BATCH_SIZE)).isEqualTo(100);
        assertThat(NullSink.CONFIG_DEF.batchSizeKey()).isEqualTo("batchSize");
    }
}
