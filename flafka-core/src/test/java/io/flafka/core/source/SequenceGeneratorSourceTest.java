package io.flafka.core.source;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.flafka.api.ChannelException;
import io.flafka.api.ChannelFullException;
import io.flafka.api.ComponentProvider;
import io.flafka.api.Source;
import io.flafka.api.Status;
import io.flafka.api.config.Config;
import io.flafka.api.config.ConfigException;
import io.flafka.api.metrics.SourceCounter;
import io.flafka.testkit.CollectingChannelProcessor;
import io.flafka.testkit.SourceContractTest;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SequenceGeneratorSourceTest extends SourceContractTest {
    private long nextExpected;

    @Override
    protected ComponentProvider<?> provider() {
        return new SequenceGeneratorSourceProvider();
    }

    @Override
    protected Map<String, String> config() {
        return Map.of("batchSize", "5", "totalEvents", "1000");
    }

    @Override
    protected List<String> produce(Source source, int n) {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            out.add(Long.toString(nextExpected++));
        }
        return out;
    }

    private static SequenceGeneratorSource seq(int batchSize, long total, SourceCounter counter,
                                               CollectingChannelProcessor p) {
        SequenceGeneratorSource s = new SequenceGeneratorSource(batchSize, total, counter);
        s.start(p);
        return s;
    }

    @Test
    void generatesExactlyTotalEventsThenBacksOff() {
        CollectingChannelProcessor p = new CollectingChannelProcessor();
        SourceCounter c = new SourceCounter("r");
        SequenceGeneratorSource s = seq(3, 10, c, p);
        int ready = 0;
        while (s.process() == Status.READY) {
            ready++;
        }
        assertThat(ready).isEqualTo(4);
        assertThat(p.batches()).extracting(List::size).containsExactly(3, 3, 3, 1);
        List<String> expected = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            expected.add(Integer.toString(i));
        }
        assertThat(p.bodies()).containsExactlyElementsOf(expected);
        assertThat(c.get(SourceCounter.EVENT_RECEIVED)).isEqualTo(10);
        assertThat(s.process()).isEqualTo(Status.BACKOFF);
        assertThat(s.process()).isEqualTo(Status.BACKOFF);
        assertThat(p.count()).isEqualTo(10);
    }

    @Test
    void refusedBatchIsRetriedWithTheSameBodies() {
        CollectingChannelProcessor p = new CollectingChannelProcessor();
        SourceCounter c = new SourceCounter("r");
        SequenceGeneratorSource s = seq(4, 12, c, p);
        assertThat(s.process()).isEqualTo(Status.READY);
        p.refuseNext(3, CollectingChannelProcessor.Mode.FULL);
        assertThatThrownBy(s::process).isInstanceOf(ChannelFullException.class);
        assertThatThrownBy(s::process).isInstanceOf(ChannelFullException.class);
        assertThatThrownBy(s::process).isInstanceOf(ChannelFullException.class);
        p.refuseNext(1, CollectingChannelProcessor.Mode.FAIL);
        assertThatThrownBy(s::process).isInstanceOf(ChannelException.class);
        while (s.process() == Status.READY) {
            // drain
        }
        assertThat(p.bodies()).containsExactly("0", "1", "2", "3", "4", "5", "6", "7", "8", "9", "10", "11");
        assertThat(p.batches().get(1)).extracting(e -> e.bodyAsString()).containsExactly("4", "5", "6", "7");
        assertThat(c.get(SourceCounter.EVENT_RECEIVED)).as("retries are not received twice").isEqualTo(12);
    }

    @Test
    void zeroTotalEventsOnlyBacksOff() {
        CollectingChannelProcessor p = new CollectingChannelProcessor();
        SequenceGeneratorSource s = seq(1, 0, new SourceCounter("r"), p);
        assertThat(s.process()).isEqualTo(Status.BACKOFF);
        assertThat(p.attempts()).isZero();
    }

    @Test
    void defaultsAndValidation() {
        Config defaults = Config.parse(SequenceGeneratorSource.CONFIG_DEF, Map.of());
        assertThat(defaults.get(SequenceGeneratorSource.BATCH_SIZE)).isEqualTo(1);
        assertThat(defaults.get(SequenceGeneratorSource.TOTAL_EVENTS)).isEqualTo(Long.MAX_VALUE);
        assertThat(SequenceGeneratorSource.CONFIG_DEF.batchSizeKey()).isEqualTo("batchSize");
        assertThatThrownBy(() -> Config.parse(SequenceGeneratorSource.CONFIG_DEF, Map.of("batchSize", "0")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("batchSize");
    }
}
