package io.flafka.core.channel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.flafka.api.ChannelFullException;
import io.flafka.api.Event;
import io.flafka.api.Transaction;
import io.flafka.api.metrics.ChannelCounter;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Random interleavings of open put and take transactions on one thread, checked step by step against
 * a simple model (a deque plus the events held by open takes).
 */
class MemoryChannelModelTest {

    private record Open(Transaction tx, boolean put, List<String> events) {
    }

    @ParameterizedTest
    @ValueSource(longs = {1, 2, 3, 42, 1234})
    void behavesLikeTheModel(long seed) {
        Random rnd = new Random(seed);
        int capacity = 50 + rnd.nextInt(3000);
        int txCap = 1 + rnd.nextInt(Math.min(capacity, 400));
        ChannelCounter counter = new ChannelCounter("c");
        MemoryChannel c = new MemoryChannel("c", new MemoryChannel.Settings(capacity, txCap, 0, 20, 0), counter);
        c.start();
        Deque<String> model = new ArrayDeque<>();
        List<Open> open = new ArrayList<>();
        int inflight = 0;
        int next = 0;
        long putOk = 0;
        long takeOk = 0;
        for (int step = 0; step < 4000; step++) {
            int op = rnd.nextInt(10);
            if (op < 3 && open.size() < 4) {
                // open a put and stage some events
                Transaction tx = c.begin();
                List<String> staged = new ArrayList<>();
                int n = 1 + rnd.nextInt(txCap);
                List<Event> batch = new ArrayList<>();
                for (int i = 0; i < n; i++) {
                    String b = Integer.toString(next++);
                    staged.add(b);
                    batch.add(Event.ofString(b));
                }
                tx.put(batch);
                open.add(new Open(tx, true, staged));
            } else if (op < 6 && open.size() < 4) {
                Transaction tx = c.begin();
                List<Event> got = new ArrayList<>();
                int n = tx.take(1 + rnd.nextInt(txCap), got);
                List<String> taken = new ArrayList<>();
                for (int i = 0; i < n; i++) {
                    taken.add(model.pollFirst());
                }
                assertThat(got).extracting(Event::bodyAsString).containsExactlyElementsOf(taken);
                inflight += n;
                open.add(new Open(tx, false, taken));
            } else if (!open.isEmpty()) {
                Open o = open.remove(rnd.nextInt(open.size()));
                boolean commit = rnd.nextInt(3) > 0;
                if (o.put()) {
                    if (commit) {
                        boolean fits = model.size() + inflight + o.events().size() <= capacity;
                        Throwable t = catchThrowable(o.tx()::commit);
                        if (fits) {
                            assertThat(t).isNull();
                            model.addAll(o.events());
                            putOk += o.events().size();
                        } else {
                            assertThat(t).isInstanceOf(ChannelFullException.class);
                        }
                    } else {
                        o.tx().rollback();
                    }
                } else {
                    inflight -= o.events().size();
                    if (commit) {
                        o.tx().commit();
                        takeOk += o.events().size();
                    } else {
                        o.tx().close();
                        for (int i = o.events().size() - 1; i >= 0; i--) {
                            model.addFirst(o.events().get(i));
                        }
                    }
                }
            }
            assertThat(c.size()).isEqualTo(model.size());
            assertThat(counter.get(ChannelCounter.CHANNEL_SIZE)).isEqualTo(model.size());
        }
        for (Open o : open) {
            o.tx().close();
            if (!o.put()) {
                for (int i = o.events().size() - 1; i >= 0; i--) {
                    model.addFirst(o.events().get(i));
                }
            }
        }
        assertThat(counter.get(ChannelCounter.PUT_SUCCESS)).isEqualTo(putOk);
        assertThat(counter.get(ChannelCounter.TAKE_SUCCESS)).isEqualTo(takeOk);
        List<String> rest = new ArrayList<>();
        while (true) {
            List<Event> got = new ArrayList<>();
            try (Transaction tx = c.begin()) {
                tx.take(txCap, got);
                tx.commit();
            }
            if (got.isEmpty()) {
                break;
            }
            got.forEach(e -> rest.add(e.bodyAsString()));
        }
        assertThat(rest).containsExactlyElementsOf(model);
    }
}
