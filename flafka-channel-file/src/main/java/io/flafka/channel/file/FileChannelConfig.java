package io.flafka.channel.file;

import io.flafka.api.config.Config;
import io.flafka.api.config.ConfigDef;
import io.flafka.api.config.ConfigException;
import io.flafka.api.config.ConfigKey;
import io.flafka.api.config.Validators;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;

/** The file channel's configuration keys (Flume's names and defaults) and the settings read from them. */
public final class FileChannelConfig {
    private FileChannelConfig() {
    }

    private static final String HOME = System.getProperty("user.home");

    public static final ConfigKey<String> CHECKPOINT_DIR = ConfigKey.stringKey("checkpointDir")
            .defaultValue(HOME + "/.flume/file-channel/checkpoint")
            .doc("Directory holding the checkpoint (the queue of pending event pointers) and a lock file. "
                    + "Give every channel its own.").build();
    public static final ConfigKey<List<String>> DATA_DIRS = ConfigKey.listKey("dataDirs")
            .defaultValue(List.of(HOME + "/.flume/file-channel/data"))
            .doc("Comma-separated directories of the write-ahead log; transactions are spread over them, "
                    + "each with its own writer and fsync, so several disks work in parallel.").build();
    public static final ConfigKey<Boolean> USE_DUAL_CHECKPOINTS = ConfigKey.booleanKey("useDualCheckpoints")
            .defaultValue(false).doc("Also write every checkpoint to backupCheckpointDir.").build();
    public static final ConfigKey<String> BACKUP_CHECKPOINT_DIR = ConfigKey.stringKey("backupCheckpointDir")
            .doc("Where the backup checkpoint goes when useDualCheckpoints is true; must differ from checkpointDir.")
            .build();
    public static final ConfigKey<Integer> CAPACITY = ConfigKey.intKey("capacity").defaultValue(1_000_000)
            .validator(Validators.atLeast(1)).doc("The most events the channel holds.").build();
    public static final ConfigKey<Integer> TRANSACTION_CAPACITY = ConfigKey.intKey("transactionCapacity")
            .defaultValue(10_000).validator(Validators.atLeast(1))
            .doc("The most events one put or take transaction may hold; at most capacity.").build();
    public static final ConfigKey<Long> CHECKPOINT_INTERVAL = ConfigKey.longKey("checkpointInterval")
            .defaultValue(30_000L).validator(Validators.atLeast(100))
            .doc("Milliseconds between checkpoints. A restart replays only the log written since the last one.")
            .build();
    public static final ConfigKey<Long> MAX_FILE_SIZE = ConfigKey.longKey("maxFileSize").defaultValue(2_146_435_071L)
            .validator(Validators.between(64 * 1024, 2_146_435_071L))
            .doc("Bytes after which a log segment is closed and a new one started.").build();
    public static final ConfigKey<Long> MINIMUM_REQUIRED_SPACE = ConfigKey.longKey("minimumRequiredSpace")
            .defaultValue(524_288_000L).validator(Validators.atLeast(0))
            .doc("Free bytes a data directory must keep; below it puts are refused with ChannelFullException.")
            .build();
    public static final ConfigKey<Integer> KEEP_ALIVE = ConfigKey.intKey("keep-alive").defaultValue(3)
            .validator(Validators.atLeast(0))
            .doc("Seconds a put commit waits for room before failing with ChannelFullException.").build();
    public static final ConfigKey<Boolean> CHECKPOINT_ON_CLOSE = ConfigKey.booleanKey("checkpointOnClose")
            .defaultValue(true).doc("Write a checkpoint on a clean stop so the next start replays nothing.").build();
    public static final ConfigKey<Boolean> FSYNC_PER_TRANSACTION = ConfigKey.booleanKey("fsyncPerTransaction")
            .defaultValue(true)
            .doc("Each commit returns only once its record is on disk (concurrent commits share one fsync). "
                    + "false: commits return once written to the OS, and the log is fsynced every fsyncInterval "
                    + "seconds: a power loss may lose up to that window of committed events; kill -9 loses nothing.")
            .build();
    public static final ConfigKey<Integer> FSYNC_INTERVAL = ConfigKey.intKey("fsyncInterval").defaultValue(5)
            .validator(Validators.atLeast(1))
            .doc("Seconds between fsyncs of the log when fsyncPerTransaction is false.").build();
    public static final ConfigKey<Boolean> FSYNC_ON_TAKE = ConfigKey.booleanKey("fsyncOnTake").defaultValue(false)
            .doc("Flafka only: also wait for an fsync when a take commits. Off, a take's record is written at once "
                    + "and made durable by the next fsync (the next put commit, checkpoint or fsyncInterval), so a "
                    + "power loss may deliver recently taken events again; it never loses one. kill -9 is unaffected.")
            .build();
    public static final ConfigKey<Long> CACHE_BYTES = ConfigKey.longKey("cacheBytes")
            .validator(Validators.atLeast(0))
            .doc("Flafka only: bytes of recently put events kept in memory so takes need not read them back from "
                    + "disk. Default: 1/8 of the maximum heap, at most 256 MB. 0 disables the cache.").build();

    static final String NO_ENCRYPTION = "the log is NOT encrypted: Flafka does not implement Flume's at-rest "
            + "encryption; put the channel's directories on an encrypted file system";

    /** The file channel's declared keys, with Flume's keys that mean nothing in this design. */
    public static final ConfigDef CONFIG_DEF = ConfigDef.builder()
            .keys(CHECKPOINT_DIR, DATA_DIRS, USE_DUAL_CHECKPOINTS, BACKUP_CHECKPOINT_DIR, CAPACITY,
                    TRANSACTION_CAPACITY, CHECKPOINT_INTERVAL, MAX_FILE_SIZE, MINIMUM_REQUIRED_SPACE, KEEP_ALIVE,
                    CHECKPOINT_ON_CLOSE, FSYNC_PER_TRANSACTION, FSYNC_INTERVAL, FSYNC_ON_TAKE, CACHE_BYTES)
            .transactionCapacityKey(TRANSACTION_CAPACITY.name())
            .ignore("use-log-replay-v1", "Flafka has one log format and one replay")
            .ignore("use-fast-replay", "Flafka's replay reads only the log written since the last checkpoint")
            .ignore("compressBackupCheckpoint", "the backup checkpoint is a plain copy of the checkpoint")
            .ignore("encryption.activeKey", NO_ENCRYPTION)
            .ignore("encryption.cipherProvider", NO_ENCRYPTION)
            .ignore("encryption.keyProvider", NO_ENCRYPTION)
            .ignore("encryption.keyProvider.keyStoreFile", NO_ENCRYPTION)
            .ignore("encryption.keyProvider.keyStorePasswordFile", NO_ENCRYPTION)
            .ignore("encryption.keyProvider.keys", NO_ENCRYPTION)
            .prefix("encryption.keyProvider.keys.", "Flume's per-key password files: " + NO_ENCRYPTION)
            .build();

    /**
     * The channel's settings.
     *
     * @param checkpointDir where the checkpoint and its lock live
     * @param backupCheckpointDir the backup checkpoint directory, or null
     * @param dataDirs the log directories, at least one
     * @param capacity the most events held
     * @param transactionCapacity the most events per transaction
     * @param checkpointIntervalMillis time between checkpoints
     * @param maxFileSize segment roll size
     * @param minimumRequiredSpace free bytes kept in every data directory
     * @param keepAliveSeconds how long a put commit waits for room
     * @param checkpointOnClose checkpoint at stop
     * @param fsyncPerTransaction fsync before each commit returns
     * @param fsyncIntervalSeconds background fsync period otherwise
     * @param fsyncOnTake also fsync before a take commit returns
     * @param cacheBytes bytes of recent events kept in memory
     */
    public record Settings(Path checkpointDir, Path backupCheckpointDir, List<Path> dataDirs, int capacity,
                           int transactionCapacity, long checkpointIntervalMillis, long maxFileSize,
                           long minimumRequiredSpace, int keepAliveSeconds, boolean checkpointOnClose,
                           boolean fsyncPerTransaction, int fsyncIntervalSeconds, boolean fsyncOnTake,
                           long cacheBytes) {

        public Settings {
            dataDirs = List.copyOf(dataDirs);
        }

        /** Reads and cross-checks the settings; {@code path} prefixes error messages. */
        public static Settings from(Config c, String path) {
            List<Path> data = new ArrayList<>();
            for (String d : c.getList(DATA_DIRS)) {
                data.add(expand(d));
            }
            if (data.isEmpty()) {
                throw new ConfigException(path + DATA_DIRS.name(), "names no directory");
            }
            Path cp = expand(c.get(CHECKPOINT_DIR));
            Path backup = null;
            if (c.get(USE_DUAL_CHECKPOINTS)) {
                String b = c.get(BACKUP_CHECKPOINT_DIR);
                if (b == null || b.isBlank()) {
                    throw new ConfigException(path + BACKUP_CHECKPOINT_DIR.name(),
                            "is required when useDualCheckpoints is true");
                }
                backup = expand(b);
                if (backup.equals(cp)) {
                    throw new ConfigException(path + BACKUP_CHECKPOINT_DIR.name(), "must differ from checkpointDir");
                }
            }
            if (data.contains(cp)) {
                throw new ConfigException(path + CHECKPOINT_DIR.name(), "must differ from every data directory");
            }
            int cap = c.get(CAPACITY);
            int txCap = c.get(TRANSACTION_CAPACITY);
            if (txCap > cap) {
                throw new ConfigException(path + TRANSACTION_CAPACITY.name(), "is " + txCap
                        + ", more than capacity (" + cap + "); it must be at most capacity");
            }
            long cache = c.isSet(CACHE_BYTES) ? c.get(CACHE_BYTES) : defaultCacheBytes();
            return new Settings(cp, backup, data, cap, txCap, c.get(CHECKPOINT_INTERVAL), c.get(MAX_FILE_SIZE),
                    c.get(MINIMUM_REQUIRED_SPACE), c.get(KEEP_ALIVE), c.get(CHECKPOINT_ON_CLOSE),
                    c.get(FSYNC_PER_TRANSACTION), c.get(FSYNC_INTERVAL), c.get(FSYNC_ON_TAKE), cache);
        }

        /** Settings for tests and tools: one data directory, Flume's other defaults, small keep-alive. */
        public static Settings of(Path checkpointDir, Path dataDir, int capacity, int transactionCapacity) {
            return new Settings(checkpointDir, null, List.of(dataDir), capacity, transactionCapacity, 30_000,
                    2_146_435_071L, 0, 0, true, true, 5, false, defaultCacheBytes());
        }

        public Settings withDataDirs(List<Path> dirs) {
            return new Settings(checkpointDir, backupCheckpointDir, dirs, capacity, transactionCapacity,
                    checkpointIntervalMillis, maxFileSize, minimumRequiredSpace, keepAliveSeconds, checkpointOnClose,
                    fsyncPerTransaction, fsyncIntervalSeconds, fsyncOnTake, cacheBytes);
        }

        public Settings withMaxFileSize(long size) {
            return new Settings(checkpointDir, backupCheckpointDir, dataDirs, capacity, transactionCapacity,
                    checkpointIntervalMillis, size, minimumRequiredSpace, keepAliveSeconds, checkpointOnClose,
                    fsyncPerTransaction, fsyncIntervalSeconds, fsyncOnTake, cacheBytes);
        }

        public Settings withFsyncOnTake(boolean on) {
            return new Settings(checkpointDir, backupCheckpointDir, dataDirs, capacity, transactionCapacity,
                    checkpointIntervalMillis, maxFileSize, minimumRequiredSpace, keepAliveSeconds, checkpointOnClose,
                    fsyncPerTransaction, fsyncIntervalSeconds, on, cacheBytes);
        }

        public Settings withCacheBytes(long bytes) {
            return new Settings(checkpointDir, backupCheckpointDir, dataDirs, capacity, transactionCapacity,
                    checkpointIntervalMillis, maxFileSize, minimumRequiredSpace, keepAliveSeconds, checkpointOnClose,
                    fsyncPerTransaction, fsyncIntervalSeconds, fsyncOnTake, bytes);
        }

        public Settings withFsync(boolean perTransaction) {
            return new Settings(checkpointDir, backupCheckpointDir, dataDirs, capacity, transactionCapacity,
                    checkpointIntervalMillis, maxFileSize, minimumRequiredSpace, keepAliveSeconds, checkpointOnClose,
                    perTransaction, fsyncIntervalSeconds, fsyncOnTake, cacheBytes);
        }

        public Settings withCheckpointOnClose(boolean on) {
            return new Settings(checkpointDir, backupCheckpointDir, dataDirs, capacity, transactionCapacity,
                    checkpointIntervalMillis, maxFileSize, minimumRequiredSpace, keepAliveSeconds, on,
                    fsyncPerTransaction, fsyncIntervalSeconds, fsyncOnTake, cacheBytes);
        }

        public Settings withBackupCheckpointDir(Path dir) {
            return new Settings(checkpointDir, dir, dataDirs, capacity, transactionCapacity,
                    checkpointIntervalMillis, maxFileSize, minimumRequiredSpace, keepAliveSeconds, checkpointOnClose,
                    fsyncPerTransaction, fsyncIntervalSeconds, fsyncOnTake, cacheBytes);
        }

        /** 1/8 of the maximum heap, at most 256 MB. */
        public static long defaultCacheBytes() {
            return Math.min(256L << 20, Runtime.getRuntime().maxMemory() / 8);
        }

        private static Path expand(String p) {
            String s = p.trim();
            if (s.equals("~") || s.startsWith("~/")) {
                s = HOME + s.substring(1);
            }
            return Paths.get(s).toAbsolutePath().normalize();
        }
    }
}
