package io.flafka.core.channel;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class PutListenersTest {
    @Test
    void withoutAQuietPeriodEveryPutRunsEachListenerUntilRemoved() {
        PutListeners l = new PutListeners();
        AtomicInteger a = new AtomicInteger();
        AtomicInteger b = new AtomicInteger();
        Runnable ra = a::incrementAndGet;
        l.add(ra);
        l.add(b::incrementAndGet);
        l.fire();
        l.fire();
        l.remove(ra);
        l.remove(ra);   // a second removal changes nothing
        l.fire();
        assertThat(a).hasValue(2);
        assertThat(b).hasValue(3);
    }

    @Test
    void withAQuietPeriodOnlyAPutAfterAQuietPeriodRunsThem() {
        PutListeners l = new PutListeners(TimeUnit.HOURS.toNanos(1));
        AtomicInteger calls = new AtomicInteger();
        l.add(calls::incrementAndGet);
        l.fire();   // the first put: nothing came before it
        l.fire();   // right after it: the sink is busy, or looks again soon anyway
        l.fire();
        assertThat(calls).hasValue(1);
    }
}
