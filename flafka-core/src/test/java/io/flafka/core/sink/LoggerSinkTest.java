package io.flafka.core.sink;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.flafka.api.ComponentProvider;
import io.flafka.api.Event;
import io.flafka.api.config.Config;
import io.flafka.api.metrics.SinkCounter;
import io.flafka.testkit.SimpleTestChannel;
import io.flafka.testkit.SinkContractTest;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

class LoggerSinkTest extends SinkContractTest {
    @Override
    protected ComponentProvider<?> provider() {
        return new LoggerSinkProvider();
    }

    @Override
    protected Map<String, String> config() {
        return Map.of("batchSize", "20", "maxBytesToLog", "8");
    }

    @Override
    protected int batchSize() {
        return 20;
    }

    @Test
    void dumpShowsHeadersHexAndTextCutToTheLimit() {
        Event e = Event.of("Hello, world".getBytes(StandardCharsets.UTF_8), Map.of("host", "h1"));
        assertThat(EventDump.dump(e, 5)).isEqualTo("{ headers:{host=h1} body: 48 65 6C 6C 6F  Hello ... (12 bytes) }");
        assertThat(EventDump.dump(Event.of(new byte[] {0, 'a', (byte) 0xFF}), 16))
                .isEqualTo("{ headers:{} body: 00 61 FF  .a. }");
        assertThat(EventDump.dump(Event.of(new byte[0]), 16)).isEqualTo("{ headers:{} body:   }");
    }

    @Test
    void logsEveryEventAtInfo() throws Exception {
        Logger log = (Logger) LoggerFactory
                .getLogger("test.logger.sink");
        log.setLevel(Level.INFO);
        ListAppender<ILoggingEvent> appender =
                new ListAppender<>();
        appender.start();
        log.addAppender(appender);
        LoggerSink s = new LoggerSink("k", 10, 16, new SinkCounter("k"), log);
        SimpleTestChannel channel = new SimpleTestChannel();
        channel.putAll(List.of(Event.ofString("first"), Event.ofString("second")));
        s.start(channel);
        s.process();
        assertThat(appender.list).extracting(ILoggingEvent::getFormattedMessage)
                .containsExactly("Event: { headers:{} body: 66 69 72 73 74  first }",
                        "Event: { headers:{} body: 73 65 63 6F 6E 64  second }");
        assertThat(appender.list).allSatisfy(e -> assertThat(e.getLevel()).isEqualTo(Level.INFO));
    }

    @Test
    void defaults() {
        Config c = Config.parse(LoggerSink.CONFIG_DEF, Map.of());
        assertThat(c.get(LoggerSink.MAX_BYTES_TO_LOG)).isEqualTo(16);
        assertThat(c.get(LoggerSink.BATCH_SIZE)).isEqualTo(100);
    }
}
