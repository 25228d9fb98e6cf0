package io.flafka.hdfs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.flafka.api.ComponentProvider;
import io.flafka.api.config.Config;
import io.flafka.api.config.ConfigException;
import io.flafka.api.config.Diagnostics;
import java.util.HashMap;
import java.util.Map;
import java.util.ServiceLoader;
import org.junit.jupiter.api.Test;

class HdfsSinkConfigTest {
    private static String errors(String... kv) {
        Map<String, String> raw = new HashMap<>();
        raw.put("hdfs.path", "/data");
        for (int i = 0; i < kv.length; i += 2) {
            raw.put(kv[i], kv[i + 1]);
        }
        Diagnostics d = new Diagnostics();
        HdfsSinkKeys.CONFIG_DEF.validate(raw, "a1.sinks.k1.", d);
        return d.errors().toString();
    }

    private static HdfsSinkSettings settings(String... kv) {
        Map<String, String> raw = new HashMap<>();
        raw.put("hdfs.path", "/data");
        for (int i = 0; i < kv.length; i += 2) {
            raw.put(kv[i], kv[i + 1]);
        }
        return HdfsSinkSettings.from(Config.parse(HdfsSinkKeys.CONFIG_DEF, raw));
    }

    @Test
    void isFoundByTypeAndByFlumesClassName() {
        ComponentProvider<?> p = ServiceLoader.load(ComponentProvider.class).stream()
                .map(ServiceLoader.Provider::get).filter(x -> x.type().equals("hdfs")).findFirst().orElseThrow();
        assertThat(p.aliases()).contains("org.apache.flume.sink.hdfs.HDFSEventSink");
        assertThat(p.configDef().batchSizeKey()).isEqualTo("hdfs.batchSize");
    }

    @Test
    void flumeDefaults() {
        HdfsSinkSettings s = settings();
        assertThat(s.filePrefix()).isEqualTo("FlumeData");
        assertThat(s.inUseSuffix()).isEqualTo(".tmp");
        assertThat(s.rollIntervalMs()).isEqualTo(30_000);
        assertThat(s.rollSize()).isEqualTo(1024);
        assertThat(s.rollCount()).isEqualTo(10);
        assertThat(s.batchSize()).isEqualTo(100);
        assertThat(s.fileType()).isEqualTo(HdfsSinkSettings.FileType.SEQUENCE_FILE);
        assertThat(s.maxOpenFiles()).isEqualTo(5000);
        assertThat(s.closeTries()).isZero();
        assertThat(s.retryIntervalMs()).isEqualTo(180_000);
        assertThat(s.callTimeoutMs()).isEqualTo(30_000);
        assertThat(settings("hdfs.emptyInUseSuffix", "true").inUseSuffix()).isEmpty();
        assertThat(s.missingTimestamp()).isEqualTo(HdfsSinkSettings.MissingTimestamp.LOCAL_TIME);
        assertThat(settings("hdfs.missingTimestamp", "DROP").missingTimestamp())
                .isEqualTo(HdfsSinkSettings.MissingTimestamp.DROP);
        assertThat(settings("hdfs.missingTimestamp", "fail").missingTimestamp())
                .isEqualTo(HdfsSinkSettings.MissingTimestamp.FAIL);
    }

    @Test
    void badValuesNameTheirKey() {
        assertThat(errors("hdfs.codeC", "zip")).contains("a1.sinks.k1.hdfs.codeC").contains("unknown codec");
        assertThat(errors("hdfs.codeC", "lzo")).contains("a1.sinks.k1.hdfs.codeC").contains("hadoop-lzo");
        assertThat(errors("hdfs.codeC", "com.hadoop.compression.lzo.LzopCodec")).contains("hdfs.codeC");
        assertThat(errors("hdfs.codeC", "zstd")).contains("a1.sinks.k1.hdfs.codeC").contains("cannot be used");
        assertThat(errors("hdfs.fileType", "Parquet")).contains("a1.sinks.k1.hdfs.fileType");
        assertThat(errors("hdfs.writeFormat", "json")).contains("a1.sinks.k1.hdfs.writeFormat");
        assertThat(errors("hdfs.path", "/a/%Q")).contains("a1.sinks.k1.hdfs.path").contains("%Q");
        assertThat(errors("hdfs.path", "/a/%[nope]")).contains("a1.sinks.k1.hdfs.path");
        assertThat(errors("hdfs.timeZone", "Mars/Olympus")).contains("a1.sinks.k1.hdfs.timeZone");
        assertThat(errors("serializer", "thrift")).contains("a1.sinks.k1.serializer");
        assertThat(errors("hdfs.missingTimestamp", "skip")).contains("a1.sinks.k1.hdfs.missingTimestamp")
                .contains("localTime, drop, fail");
        assertThat(errors("hdfs.roundUnit", "day")).contains("a1.sinks.k1.hdfs.roundUnit");
        assertThat(errors("hdfs.rollCount", "-1")).contains("a1.sinks.k1.hdfs.rollCount");
        assertThat(errors("hdfs.pathh", "x")).contains("did you mean");
        assertThat(errors("hdfs.codeC", "GzipCodec", "hdfs.fileType", "CompressedStream",
                "serializer.appendNewline", "false", "hdfs.kerberosPrincipal", "flume/_HOST@R",
                "hdfs.kerberosKeytab", "/k", "hdfs.proxyUser", "u", "hdfs.threadsPoolSize", "4",
                "hdfs.rollTimerPoolSize", "2", "hdfs.useRawLocalFileSystem", "true", "hdfs.minBlockReplicas", "1"))
                .isEqualTo("[]");
    }

    @Test
    void crossKeyChecksNameTheKey() {
        assertThatThrownBy(() -> settings("hdfs.fileType", "CompressedStream"))
                .isInstanceOf(ConfigException.class).hasMessageContaining("hdfs.codeC");
        assertThatThrownBy(() -> settings("hdfs.fileType", "DataStream", "hdfs.codeC", "gzip"))
                .hasMessageContaining("hdfs.codeC");
        assertThatThrownBy(() -> settings("hdfs.round", "true", "hdfs.roundUnit", "hour", "hdfs.roundValue", "25"))
                .hasMessageContaining("hdfs.roundValue");
        assertThatThrownBy(() -> settings("serializer", "avro_event", "serializer.compressionCodec", "rar"))
                .hasMessageContaining("serializer.compressionCodec");
        assertThatThrownBy(() -> settings("hdfs.kerberosPrincipal", "flume/_HOST@EXAMPLE.COM"))
                .isInstanceOf(ConfigException.class).hasMessageContaining("hdfs.kerberosKeytab");
        assertThatThrownBy(() -> settings("hdfs.kerberosKeytab", "/etc/flume.keytab"))
                .isInstanceOf(ConfigException.class).hasMessageContaining("hdfs.kerberosPrincipal");
        HdfsSinkSettings kerberos = settings("hdfs.kerberosPrincipal", " flume/_HOST@EXAMPLE.COM ",
                "hdfs.kerberosKeytab", "/etc/flume.keytab", "hdfs.proxyUser", "alice");
        assertThat(kerberos.kerberosPrincipal()).isEqualTo("flume/_HOST@EXAMPLE.COM");
        assertThat(kerberos.kerberosKeytab()).isEqualTo("/etc/flume.keytab");
        assertThat(kerberos.proxyUser()).isEqualTo("alice");
        assertThatThrownBy(() -> settings("serializer.appendNewline", "maybe"))
                .hasMessageContaining("serializer.appendNewline");
    }
}
