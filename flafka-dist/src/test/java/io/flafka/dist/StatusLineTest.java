package io.flafka.dist;

import static org.assertj.core.api.Assertions.assertThat;

import io.flafka.api.metrics.ChannelCounter;
import io.flafka.core.metrics.CounterRegistry;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class StatusLineTest {
    @Test
    void ratesAreDeltasOverElapsedTimeAndChannelsShowFill() {
        CounterRegistry reg = new CounterRegistry();
        reg.source("r1").eventsAccepted(100);
        reg.source("r2").eventsAccepted(50);
        reg.sink("k1").add("EventDrainSuccessCount", 10);
        ChannelCounter c1 = reg.channel("c1");
        c1.gauge(ChannelCounter.CHANNEL_CAPACITY).set(1000);
        c1.gauge(ChannelCounter.CHANNEL_SIZE).set(125);
        AtomicLong clock = new AtomicLong(0);
        StatusLine status = new StatusLine(reg, new PrintStream(new ByteArrayOutputStream()), clock::get);

        reg.source("r1").eventsAccepted(5000);
        reg.source("r2").eventsAccepted(5000);
        reg.sink("k1").add("EventDrainSuccessCount", 2500);
        clock.set(5_000_000_000L);
        assertThat(status.tick()).isEqualTo("in 2,000 ev/s  out 500 ev/s  (total in 10,150  out 2,510)  c1 12.5%");

        clock.set(10_000_000_000L);
        assertThat(status.tick()).startsWith("in 0 ev/s  out 0 ev/s");

        reg.remove("SOURCE", "r2");
        clock.set(15_000_000_000L);
        assertThat(status.tick()).startsWith("in 0 ev/s");
    }

    @Test
    void printsLinesPeriodically() throws Exception {
        CounterRegistry reg = new CounterRegistry();
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (StatusLine s = new StatusLine(reg, new PrintStream(bytes, true)).start(20)) {
            org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(10))
                    .until(() -> bytes.toString().lines().count() >= 2);
        }
        assertThat(bytes.toString().lines().findFirst().orElseThrow()).matches("\\d\\d:\\d\\d:\\d\\d  in 0 ev/s.*");
    }
}
