package io.flafka.core.channel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.flafka.api.Channel;
import io.flafka.api.ChannelException;
import io.flafka.api.ChannelFullException;
import io.flafka.api.ComponentContext;
import io.flafka.api.ComponentKind;
import io.flafka.api.Event;
import io.flafka.api.Transaction;
import io.flafka.api.config.Config;
import io.flafka.api.config.ConfigException;
import io.flafka.api.metrics.ChannelCounter;
import io.flafka.testkit.ChannelContractTest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class MemoryChannelTest extends ChannelContractTest {

    @Override
    protected Channel createChannel(int capacity, int transactionCapacity) {
        MemoryChannel c = new MemoryChannel("c1", new MemoryChannel.Settings(capacity, transactionCapacity,
                MemoryChannel.Settings.defaultByteCapacity(), 20, 0), new ChannelCounter("c1"));
        c.start();
        return c;
    }

    private static MemoryChannel fromConfig(Map<String, String> raw, ChannelCounter counter) {
        Config config = Config.parse(MemoryChannel.CONFIG_DEF, raw);
        return (MemoryChannel) new MemoryChannelProvider()
                .create(new ComponentContext("a1", "c1", ComponentKind.CHANNEL, config, counter));
    }

    @Test
    void defaultsFollowFlume() {
        MemoryChannel c = fromConfig(Map.of(), new ChannelCounter("c1"));
        assertThat(c.capacity()).isEqualTo(100);
        assertThat(c.transactionCapacity()).isEqualTo(100);
        assertThat(MemoryChannel.KEEP_ALIVE.defaultValue()).isEqualTo(3);
        assertThat(MemoryChannel.CONFIG_DEF.transactionCapacityKey()).isEqualTo("transactionCapacity");
        assertThat(new MemoryChannelProvider().aliases()).contains("org.apache.flume.channel.MemoryChannel");
    }

    @Test
    void providerIsFoundByServiceLoader() {
        boolean found = false;
        for (io.flafka.api.ComponentProvider<?> p : java.util.ServiceLoader.load(io.flafka.api.ComponentProvider.class)) {
            if (p.kind() == ComponentKind.CHANNEL && p.type().equals("memory")) {
                found = true;
            }
        }
        assertThat(found).isTrue();
    }

    @Test
    void transactionCapacityAboveCapacityIsAConfigError() {
        assertThatThrownBy(() -> fromConfig(Map.of("capacity", "10", "transactionCapacity", "11"),
                new ChannelCounter("c1")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("a1.channels.c1.transactionCapacity");
    }

    @Test
    void countersAreExact() {
        ChannelCounter counter = new ChannelCounter("c1");
        MemoryChannel c = fromConfig(Map.of("capacity", "50", "transactionCapacity", "10", "keep-alive", "0"), counter);
        c.start();
        assertThat(counter.get(ChannelCounter.CHANNEL_CAPACITY)).isEqualTo(50);
        putCommitted(c, events("e", 10));
        try (Transaction tx = c.begin()) {
            tx.put(events("r", 3));
            tx.rollback();
        }
        assertThat(counter.get(ChannelCounter.PUT_ATTEMPT)).isEqualTo(13);
        assertThat(counter.get(ChannelCounter.PUT_SUCCESS)).isEqualTo(10);
        assertThat(counter.get(ChannelCounter.CHANNEL_SIZE)).isEqualTo(10);
        try (Transaction tx = c.begin()) {
            tx.take(4, new ArrayList<>()); // 4 attempts, all successful
            tx.commit();
        }
        try (Transaction tx = c.begin()) {
            tx.take(2, new ArrayList<>()); // rolled back: attempts only
        }
        try (Transaction tx = c.begin()) {
            tx.take(10, new ArrayList<>()); // 6 found, then one empty attempt
            tx.commit();
        }
        assertThat(counter.get(ChannelCounter.TAKE_ATTEMPT)).isEqualTo(4 + 2 + 7);
        assertThat(counter.get(ChannelCounter.TAKE_SUCCESS)).isEqualTo(10);
        assertThat(counter.get(ChannelCounter.CHANNEL_SIZE)).isZero();
        assertThat(counter.fillPercentage()).isZero();
    }

    @Test
    void byteCapacityCountsHeadersAndBodies() {
        // 1000 bytes less 20% headroom = 800 usable bytes.
        MemoryChannel c = fromConfig(Map.of("byteCapacity", "1000", "keep-alive", "0"), new ChannelCounter("c1"));
        c.start();
        Event big = Event.of(new byte[300]);
        big.header("h", "x".repeat(49)); // 2 * (1 + 49) = 100 header bytes -> 400 bytes
        putCommitted(c, List.of(big, big.copy()));
        assertThatThrownBy(() -> putCommitted(c, List.of(Event.of(new byte[1]))))
                .isInstanceOf(ChannelFullException.class).hasMessageContaining("byteCapacity");
        drain(c, 10);
        putCommitted(c, List.of(Event.of(new byte[800])));
        assertThatThrownBy(() -> putCommitted(c, List.of(Event.of(new byte[801]))))
                .isInstanceOf(ChannelException.class).isNotInstanceOf(ChannelFullException.class);
    }

    @Test
    void zeroByteCapacityMeansUnbounded() {
        MemoryChannel c = fromConfig(Map.of("byteCapacity", "0", "capacity", "5", "transactionCapacity", "5"),
                new ChannelCounter("c1"));
        c.start();
        putCommitted(c, List.of(Event.of(new byte[10_000_000])));
        assertThat(drain(c, 5)).hasSize(1);
    }

    @Test
    void aWaitingPutSucceedsWhenATakeCommits() throws Exception {
        MemoryChannel c = fromConfig(Map.of("capacity", "10", "transactionCapacity", "10", "keep-alive", "60"),
                new ChannelCounter("c1"));
        c.start();
        putCommitted(c, events("a", 10));
        CompletableFuture<Void> waiting = CompletableFuture.runAsync(() -> putCommitted(c, events("b", 5)));
        List<String> taken = new ArrayList<>();
        await().atMost(Duration.ofSeconds(30)).until(() -> {
            taken.addAll(drain(c, 10));
            return waiting.isDone();
        });
        waiting.get(30, TimeUnit.SECONDS);
        taken.addAll(drain(c, 10));
        assertThat(taken).hasSize(15).startsWith("a0").endsWith("b4");
    }

    @Test
    void takeRolledBackAfterTheRingGrewReturnsToTheHead() {
        MemoryChannel c = fromConfig(Map.of("capacity", "5000", "transactionCapacity", "1000", "keep-alive", "0"),
                new ChannelCounter("c1"));
        c.start();
        putCommitted(c, events("e", 1000));
        Transaction open = c.begin();
        List<Event> got = new ArrayList<>();
        open.take(500, got);
        putCommitted(c, events("f", 1000)); // grows the ring past its first size while 500 are out
        putCommitted(c, events("g", 1000));
        open.rollback();
        List<String> all = drain(c, 1000);
        assertThat(all).hasSize(3000);
        for (int i = 0; i < 1000; i++) {
            assertThat(all.get(i)).isEqualTo("e" + i);
            assertThat(all.get(1000 + i)).isEqualTo("f" + i);
            assertThat(all.get(2000 + i)).isEqualTo("g" + i);
        }
    }

    @Test
    void ringGrowsAndWrapsWithoutLosingOrder() {
        MemoryChannel c = fromConfig(Map.of("capacity", "5000", "transactionCapacity", "700", "keep-alive", "0"),
                new ChannelCounter("c1"));
        c.start();
        int next = 0;
        int expect = 0;
        for (int round = 0; round < 40; round++) {
            for (int k = 0; k < 3; k++) {
                List<Event> b = new ArrayList<>();
                for (int i = 0; i < 600; i++) {
                    b.add(Event.ofString(Integer.toString(next++)));
                }
                if (c.size() + 600 <= 5000) {
                    putCommitted(c, b);
                } else {
                    next -= 600;
                }
            }
            try (Transaction tx = c.begin()) {
                List<Event> got = new ArrayList<>();
                tx.take(500, got); // rolled back: must reappear at the head
            }
            List<Event> got = new ArrayList<>();
            try (Transaction tx = c.begin()) {
                tx.take(700, got);
                tx.commit();
            }
            for (Event e : got) {
                assertThat(e.bodyAsString()).isEqualTo(Integer.toString(expect++));
            }
        }
        for (String s : drain(c, 700)) {
            assertThat(s).isEqualTo(Integer.toString(expect++));
        }
        assertThat(expect).isEqualTo(next);
    }
}
