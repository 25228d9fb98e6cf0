package io.flafka.channel.file;

import io.flafka.api.Event;
import io.flafka.api.Transaction;
import io.flafka.api.metrics.ChannelCounter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Helpers shared by the file channel's tests. */
final class Fixture {
    private Fixture() {
    }

    static FileChannelConfig.Settings settings(Path root, int capacity, int txCapacity) {
        return FileChannelConfig.Settings.of(root.resolve("checkpoint"), root.resolve("data"), capacity, txCapacity);
    }

    static FileChannel open(FileChannelConfig.Settings s) throws Exception {
        FileChannel c = new FileChannel("c", s, new ChannelCounter("c"));
        c.start();
        return c;
    }

    static List<String> bodies(String prefix, int from, int to) {
        List<String> out = new ArrayList<>();
        for (int i = from; i < to; i++) {
            out.add(prefix + i);
        }
        return out;
    }

    static void put(FileChannel c, List<String> bodies) {
        try (Transaction tx = c.begin()) {
            for (String b : bodies) {
                tx.put(Event.ofString(b));
            }
            tx.commit();
        }
    }

    static List<String> take(FileChannel c, int n, boolean commit) {
        List<Event> got = new ArrayList<>();
        try (Transaction tx = c.begin()) {
            tx.take(n, got);
            if (commit) {
                tx.commit();
            }
        }
        List<String> out = new ArrayList<>();
        got.forEach(e -> out.add(e.bodyAsString()));
        return out;
    }

    static List<String> drain(FileChannel c) {
        List<String> out = new ArrayList<>();
        while (true) {
            List<String> got = take(c, 100, true);
            if (got.isEmpty()) {
                return out;
            }
            out.addAll(got);
        }
    }
}
