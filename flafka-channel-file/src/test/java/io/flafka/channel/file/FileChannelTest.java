package io.flafka.channel.file;

import io.flafka.api.Channel;
import io.flafka.api.metrics.ChannelCounter;
import io.flafka.testkit.ChannelContractTest;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;

/** The channel contract, on real files. */
class FileChannelTest extends ChannelContractTest {
    @TempDir
    Path tmp;
    private int n;

    @Override
    protected Channel createChannel(int capacity, int transactionCapacity) throws Exception {
        Path root = tmp.resolve("c" + n++);
        FileChannel c = new FileChannel("c", FileChannelConfig.Settings.of(root.resolve("checkpoint"),
                root.resolve("data"), capacity, transactionCapacity), new ChannelCounter("c"));
        c.start();
        return c;
    }

    @Override
    protected boolean notifiesPutListeners() {
        // tried in session 9: a sink woken after every put commit cost scenario g a quarter of its throughput
        return false;
    }
}
