package io.flafka.core.util;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

class RateLimitedLogTest {

    @Test
    void writesAtMostOncePerInterval() {
        AtomicLong now = new AtomicLong(100);
        RateLimitedLog log = new RateLimitedLog(LoggerFactory.getLogger(RateLimitedLogTest.class), 1000, now::get);
        assertThat(log.warn("first {}", 1)).isTrue();
        assertThat(log.warn("second {}", 2)).isFalse();
        now.addAndGet(999);
        assertThat(log.warn("third {}", 3)).isFalse();
        now.addAndGet(1);
        assertThat(log.warn("fourth {}", 4, new IllegalStateException("x"))).isTrue();
        assertThat(log.warn("fifth")).isFalse();
    }
}
