package io.flafka.hdfs;

import io.flafka.api.ComponentContext;
import io.flafka.api.ComponentKind;
import io.flafka.api.Sink;
import io.flafka.api.Status;
import io.flafka.api.config.Config;
import io.flafka.api.metrics.SinkCounter;
import java.nio.file.Path;
import java.util.Map;

/**
 * The child process of {@link HdfsSinkCrashTest}: an HDFS sink, built through its provider, draining a
 * {@link ReplayableChannel} into {@code args[0]} until {@code args[2]} events are committed, pausing a
 * little between batches so the parent can kill it mid-stream. Exits 0 when done.
 */
public final class CrashChild {
    private CrashChild() {
    }

    public static void main(String[] args) throws Exception {
        String path = args[0];
        Path state = Path.of(args[1]);
        long total = Long.parseLong(args[2]);
        Map<String, String> raw = Map.of("hdfs.path", path + "/%{b}", "hdfs.fileType", "DataStream",
                "hdfs.batchSize", "50", "hdfs.rollCount", "700", "hdfs.rollSize", "0", "hdfs.rollInterval", "0",
                "hdfs.maxOpenFiles", "2");
        HdfsSinkProvider provider = new HdfsSinkProvider();
        Sink sink = provider.create(new ComponentContext("a1", "k1", ComponentKind.SINK,
                Config.parse(provider.configDef(), raw), new SinkCounter("k1")));
        ReplayableChannel channel = new ReplayableChannel(state, total);
        sink.start(channel);
        System.out.println("CHILD started at offset " + channel.committed());
        while (sink.process() == Status.READY) {
            Thread.sleep(2);
        }
        sink.stop();
        System.out.println("CHILD done at offset " + channel.committed());
        System.exit(0);
    }
}
