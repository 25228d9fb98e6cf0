package io.flafka.hdfs;

import io.flafka.api.ComponentProvider;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.RawLocalFileSystem;
import org.junit.jupiter.api.io.TempDir;

/** The shared sink contract, on local files. */
class HdfsSinkContractTest extends io.flafka.testkit.SinkContractTest {
    @TempDir
    Path dir;

    @Override
    protected ComponentProvider<?> provider() {
        return new HdfsSinkProvider();
    }

    @Override
    protected Map<String, String> config() {
        return Map.of("hdfs.path", dir.toUri().toString(), "hdfs.fileType", "DataStream", "hdfs.batchSize", "100",
                "hdfs.rollCount", "0", "hdfs.rollSize", "0");
    }

    @Override
    protected List<String> delivered() throws Exception {
        try (RawLocalFileSystem fs = new RawLocalFileSystem()) {
            fs.initialize(java.net.URI.create("file:///"), new Configuration());
            List<String> out = new ArrayList<>();
            for (org.apache.hadoop.fs.Path p : SinkHarness.files(fs, new org.apache.hadoop.fs.Path(dir.toUri()))) {
                out.addAll(SinkHarness.readLines(fs, p, null));
            }
            return out;
        }
    }
}
