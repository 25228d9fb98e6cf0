package io.flafka.channel.file;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.flafka.api.metrics.ChannelCounter;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The log writer's group commit on its own sync thread. */
class LogWriterTest {
    @TempDir
    Path dir;

    private LogWriter writer(ChannelCounter counter) throws IOException {
        AtomicInteger ids = new AtomicInteger();
        return new LogWriter("t", 0, dir, 1 << 20, ids::getAndIncrement, new SegmentRegistry(), new FsyncStats(counter),
                new PublishOrder());
    }

    private static Thread syncThread() {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.getName().equals("file-channel-t-sync-0")).findFirst().orElse(null);
    }

    @Test
    void waitersAreReleasedByTheSyncThreadAndCloseEndsIt() throws Exception {
        ChannelCounter counter = new ChannelCounter("t");
        LogWriter w = writer(counter);
        LogWriter.Appended a = w.append(ByteBuffer.wrap(new byte[100]), true);
        w.awaitDurable(a.logicalEnd());
        assertThat(counter.get(FsyncStats.FSYNC_COUNT)).isPositive();
        assertThat(a.ticket()).isZero();
        assertThat(w.append(ByteBuffer.wrap(new byte[10]), false).ticket()).isEqualTo(-1);
        Thread sync = syncThread();
        assertThat(sync).isNotNull();

        LogWriter.Appended b = w.append(ByteBuffer.wrap(new byte[100]), true);
        assertThat(b.ticket()).isEqualTo(1);
        w.close();
        sync.join(10_000);
        assertThat(sync.isAlive()).isFalse();
        // a record appended but never forced is not reported durable once the writer closed
        assertThatThrownBy(() -> w.awaitDurable(b.logicalEnd())).isInstanceOf(IOException.class)
                .hasMessageContaining("closed");
    }
}
