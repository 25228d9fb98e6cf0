package io.flafka.hdfs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.flafka.api.FlafkaException;
import java.io.File;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.permission.FsPermission;
import org.apache.hadoop.hdfs.MiniDFSCluster;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The sink on a real (in-process) HDFS: one MiniDFSCluster for the whole class, on 127.0.0.1. */
class MiniClusterHdfsSinkTest extends AbstractHdfsSinkTest {
    private static MiniDFSCluster cluster;
    private static FileSystem fs;

    @BeforeAll
    static void startCluster() throws Exception {
        cluster = startMiniCluster("sink-test");
        fs = cluster.getFileSystem();
    }

    static MiniDFSCluster startMiniCluster(String name) throws Exception {
        Configuration conf = new Configuration();
        File base = new File("target/minidfs/" + name).getAbsoluteFile();
        org.apache.commons.io.FileUtils.deleteQuietly(base);
        conf.set(MiniDFSCluster.HDFS_MINIDFS_BASEDIR, base.getPath());
        conf.set("dfs.namenode.rpc-bind-host", "127.0.0.1");
        conf.set("dfs.namenode.http-bind-host", "127.0.0.1");
        conf.set("dfs.datanode.address", "127.0.0.1:0");
        conf.set("dfs.datanode.http.address", "127.0.0.1:0");
        conf.set("dfs.datanode.ipc.address", "127.0.0.1:0");
        conf.set("dfs.namenode.http-address", "127.0.0.1:0");
        conf.setInt("dfs.replication", 1);
        // lets this process's user impersonate others (hdfs.proxyUser)
        String me = System.getProperty("user.name");
        conf.set("hadoop.proxyuser." + me + ".hosts", "*");
        conf.set("hadoop.proxyuser." + me + ".groups", "*");
        MiniDFSCluster c = new MiniDFSCluster.Builder(conf).numDataNodes(1).build();
        c.waitActive();
        return c;
    }

    @AfterAll
    static void stopCluster() {
        if (cluster != null) {
            cluster.shutdown(true);
        }
    }

    @Override
    FileSystem fs() {
        return fs;
    }

    @Override
    String root() {
        return "hdfs://127.0.0.1:" + cluster.getNameNodePort() + "/flafka";
    }

    @Test
    void proxyUserWritesAsThatUser() throws Exception {
        String dir = newDir("proxy");
        fs.mkdirs(new Path(dir));
        fs.setPermission(new Path(dir), new FsPermission((short) 0777));
        try (SinkHarness h = new SinkHarness(config(dir, "hdfs.proxyUser", "alice")).start()) {
            h.send(SinkHarness.bodies("p", 3, Map.of()));
            assertThat(fs.getFileStatus(tmps(dir).get(0)).getOwner()).isEqualTo("alice");
        }
        Path done = finals(dir).get(0);
        assertThat(fs.getFileStatus(done).getOwner()).isEqualTo("alice");
        assertThat(lines(List.of(done))).containsExactly("p0", "p1", "p2");
    }

    @Test
    void minBlockReplicasRollsAFileWhoseBlockHasTooFewReplicas() throws Exception {
        String dir = newDir("replicas");
        // one datanode: every block has one replica, fewer than 2, so each batch's file is rolled after its flush
        try (SinkHarness h = new SinkHarness(config(dir, "hdfs.minBlockReplicas", "2", "hdfs.batchSize", "4")).start()) {
            h.send(SinkHarness.bodies("r", 10, Map.of()));
            assertThat(h.sink.openFiles()).isEmpty();
        }
        assertThat(finals(dir)).hasSize(3);
        assertThat(lines(finals(dir))).containsExactlyElementsOf(expected("r", 10));
        String same = newDir("replicas-ok");
        try (SinkHarness h = new SinkHarness(config(same, "hdfs.minBlockReplicas", "1", "hdfs.batchSize", "4")).start()) {
            h.send(SinkHarness.bodies("r", 10, Map.of()));
        }
        assertThat(finals(same)).hasSize(1);
    }

    @Test
    void kerberosKeysReachTheLoginAndAnUnreadableKeytabFailsTheStart() {
        SinkHarness h = new SinkHarness(config(newDir("kerberos"), "hdfs.kerberosPrincipal", "flume/_HOST@EXAMPLE.COM",
                "hdfs.kerberosKeytab", "/nonexistent/flume.keytab"));
        assertThatThrownBy(h::start).isInstanceOf(FlafkaException.class)
                .hasMessageContaining("/nonexistent/flume.keytab").hasMessageContaining("not a readable file");
    }

    @Test
    void aSecondReaderSeesHflushedBatchesOfAnOpenFile() throws Exception {
        String dir = newDir("visible");
        try (SinkHarness h = new SinkHarness(config(dir, "hdfs.batchSize", "3")).start()) {
            h.send(SinkHarness.bodies("e", 7, Map.of()));
            Path open = tmps(dir).get(0);
            try (FileSystem reader = FileSystem.newInstance(fs.getUri(), fs.getConf())) {
                assertThat(SinkHarness.readLines(reader, open, null)).hasSize(7);
            }
        }
    }
}
