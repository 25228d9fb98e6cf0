package io.flafka.channel.file;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.flafka.api.ComponentProvider;
import io.flafka.api.config.Config;
import io.flafka.api.config.ConfigException;
import io.flafka.api.config.Diagnostics;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.ServiceLoader;
import org.junit.jupiter.api.Test;

class FileChannelProviderTest {

    @Test
    void isFoundByServiceLoaderUnderFlumesNames() {
        ComponentProvider<?> p = ServiceLoader.load(ComponentProvider.class).stream().map(ServiceLoader.Provider::get)
                .filter(x -> x.type().equals("file")).findFirst().orElseThrow();
        assertThat(p.aliases()).contains("org.apache.flume.channel.file.FileChannel");
        assertThat(p.configDef().transactionCapacityKey()).isEqualTo("transactionCapacity");
    }

    @Test
    void flumeDefaults() {
        FileChannelConfig.Settings s = FileChannelConfig.Settings.from(Config.parse(FileChannelConfig.CONFIG_DEF,
                Map.of()), "a1.channels.c1.");
        String home = System.getProperty("user.home");
        assertThat(s.checkpointDir()).isEqualTo(Path.of(home, ".flume/file-channel/checkpoint"));
        assertThat(s.dataDirs()).containsExactly(Path.of(home, ".flume/file-channel/data"));
        assertThat(s.capacity()).isEqualTo(1_000_000);
        assertThat(s.transactionCapacity()).isEqualTo(10_000);
        assertThat(s.checkpointIntervalMillis()).isEqualTo(30_000);
        assertThat(s.maxFileSize()).isEqualTo(2_146_435_071L);
        assertThat(s.minimumRequiredSpace()).isEqualTo(524_288_000L);
        assertThat(s.keepAliveSeconds()).isEqualTo(3);
        assertThat(s.checkpointOnClose()).isTrue();
        assertThat(s.fsyncPerTransaction()).isTrue();
        assertThat(s.fsyncIntervalSeconds()).isEqualTo(5);
        assertThat(s.backupCheckpointDir()).isNull();
    }

    @Test
    void flumeKeysWithoutMeaningAreAcceptedWithANote() {
        Map<String, String> raw = new HashMap<>();
        raw.put("dataDirs", "/d1, /d2");
        raw.put("use-fast-replay", "true");
        raw.put("use-log-replay-v1", "false");
        raw.put("encryption.activeKey", "key-0");
        raw.put("encryption.keyProvider.keys.key-0.passwordFile", "/p");
        Diagnostics d = new Diagnostics();
        Config c = FileChannelConfig.CONFIG_DEF.validate(raw, "a1.channels.c1.", d);
        assertThat(d.errors()).isEmpty();
        assertThat(d.infos().toString()).contains("use-fast-replay").contains("NOT encrypted");
        assertThat(FileChannelConfig.Settings.from(c, "").dataDirs()).containsExactly(Path.of("/d1"), Path.of("/d2"));
    }

    @Test
    void dualCheckpointsNeedABackupDirectory() {
        Config c = Config.parse(FileChannelConfig.CONFIG_DEF, Map.of("useDualCheckpoints", "true"));
        assertThatThrownBy(() -> FileChannelConfig.Settings.from(c, "a1.channels.c1."))
                .isInstanceOf(ConfigException.class).hasMessageContaining("backupCheckpointDir");
    }

    @Test
    void transactionCapacityAboveCapacityIsRefused() {
        Config c = Config.parse(FileChannelConfig.CONFIG_DEF, Map.of("capacity", "10", "transactionCapacity", "20"));
        assertThatThrownBy(() -> FileChannelConfig.Settings.from(c, "a1.channels.c1."))
                .isInstanceOf(ConfigException.class).hasMessageContaining("transactionCapacity");
    }
}
