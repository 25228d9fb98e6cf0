package io.flafka.hdfs;

import io.flafka.api.config.ConfigDef;
import io.flafka.api.config.ConfigKey;
import io.flafka.api.config.Validator;
import io.flafka.api.config.Validators;

/** The HDFS sink's keys, with Flume's names and defaults. */
final class HdfsSinkKeys {
    private HdfsSinkKeys() {
    }

    static final ConfigKey<String> PATH = ConfigKey.stringKey("hdfs.path").required()
            .validator(escapes("hdfs.path"))
            .doc("Directory to write to: hdfs://..., file:///... or a bare path on the default file system. "
                    + "Supports Flume's escapes (%{header}, %t, %Y %m %d %H ..., %[localhost]).").build();
    static final ConfigKey<String> FILE_PREFIX = ConfigKey.stringKey("hdfs.filePrefix").defaultValue("FlumeData")
            .validator(escapes("hdfs.filePrefix")).doc("Name prefix of the files; supports the same escapes.").build();
    static final ConfigKey<String> FILE_SUFFIX = ConfigKey.stringKey("hdfs.fileSuffix").defaultValue("")
            .doc("Name suffix of the files (e.g. .avro); when empty a codec's default extension is used.").build();
    static final ConfigKey<String> IN_USE_PREFIX = ConfigKey.stringKey("hdfs.inUsePrefix").defaultValue("")
            .doc("Name prefix of files still being written.").build();
    static final ConfigKey<String> IN_USE_SUFFIX = ConfigKey.stringKey("hdfs.inUseSuffix").defaultValue(".tmp")
            .doc("Name suffix of files still being written; removed by a rename on close.").build();
    static final ConfigKey<Boolean> EMPTY_IN_USE_SUFFIX = ConfigKey.booleanKey("hdfs.emptyInUseSuffix")
            .defaultValue(false).doc("true: ignore hdfs.inUseSuffix and write under the final name.").build();
    static final ConfigKey<Long> ROLL_INTERVAL = ConfigKey.longKey("hdfs.rollInterval").defaultValue(30L)
            .validator(Validators.atLeast(0)).doc("Seconds before a file is rolled; 0 = never by time.").build();
    static final ConfigKey<Long> ROLL_SIZE = ConfigKey.longKey("hdfs.rollSize").defaultValue(1024L)
            .validator(Validators.atLeast(0)).doc("Body bytes before a file is rolled; 0 = never by size.").build();
    static final ConfigKey<Long> ROLL_COUNT = ConfigKey.longKey("hdfs.rollCount").defaultValue(10L)
            .validator(Validators.atLeast(0)).doc("Events before a file is rolled; 0 = never by count.").build();
    static final ConfigKey<Long> IDLE_TIMEOUT = ConfigKey.longKey("hdfs.idleTimeout").defaultValue(0L)
            .validator(Validators.atLeast(0)).doc("Seconds without writes before a file is closed; 0 = never.").build();
    static final ConfigKey<Integer> BATCH_SIZE = ConfigKey.intKey("hdfs.batchSize").defaultValue(100)
            .validator(Validators.atLeast(1)).doc("Events per take transaction; each batch is flushed (hflush) "
                    + "to every file it touched before the take commits.").build();
    static final ConfigKey<String> FILE_TYPE = ConfigKey.stringKey("hdfs.fileType").defaultValue("SequenceFile")
            .validator(Validators.oneOf("SequenceFile", "DataStream", "CompressedStream"))
            .doc("SequenceFile, DataStream (serializer output, uncompressed) or CompressedStream (needs hdfs.codeC).")
            .build();
    static final ConfigKey<String> CODEC = ConfigKey.stringKey("hdfs.codeC")
            .validator(Codecs.validator())
            .doc("Compression codec: gzip, bzip2, deflate (default), snappy, lz4, zstd (where usable); "
                    + "lzo/lzop are refused.").build();
    static final ConfigKey<String> WRITE_FORMAT = ConfigKey.stringKey("hdfs.writeFormat").defaultValue("Writable")
            .validator(Validators.oneOf("Writable", "Text"))
            .doc("SequenceFile values: Writable (BytesWritable) or Text (for Hive/Impala).").build();
    static final ConfigKey<Integer> MAX_OPEN_FILES = ConfigKey.intKey("hdfs.maxOpenFiles").defaultValue(5000)
            .validator(Validators.atLeast(1)).doc("Open files kept; the least recently used is closed beyond.")
            .build();
    static final ConfigKey<Integer> MIN_BLOCK_REPLICAS = ConfigKey.intKey("hdfs.minBlockReplicas")
            .validator(Validators.atLeast(0))
            .doc("Roll a file whose current block has fewer replicas (HDFS); default: the file system's "
                    + "replication; 0 disables the check.").build();
    static final ConfigKey<Integer> THREADS_POOL_SIZE = ConfigKey.intKey("hdfs.threadsPoolSize").defaultValue(10)
            .validator(Validators.atLeast(1))
            .doc("Threads flushing a batch's files in parallel when it touched more than one, under "
                    + "hdfs.callTimeout; a single call (open, flush, close, rename) runs on the calling thread.").build();
    static final ConfigKey<Integer> ROLL_TIMER_POOL_SIZE = ConfigKey.intKey("hdfs.rollTimerPoolSize")
            .defaultValue(1).validator(Validators.atLeast(1))
            .doc("Threads retrying failed closes (hdfs.closeTries / hdfs.retryInterval).").build();
    static final ConfigKey<Boolean> ROUND = ConfigKey.booleanKey("hdfs.round").defaultValue(false)
            .doc("Round time escapes (not %t) down to hdfs.roundValue hdfs.roundUnit.").build();
    static final ConfigKey<Integer> ROUND_VALUE = ConfigKey.intKey("hdfs.roundValue").defaultValue(1)
            .validator(Validators.atLeast(1)).doc("Rounding multiple.").build();
    static final ConfigKey<String> ROUND_UNIT = ConfigKey.stringKey("hdfs.roundUnit").defaultValue("second")
            .validator(Validators.oneOf("second", "minute", "hour")).doc("second, minute or hour.").build();
    static final ConfigKey<String> TIME_ZONE = ConfigKey.stringKey("hdfs.timeZone")
            .validator(zone()).doc("Time zone of the time escapes (e.g. UTC, America/Los_Angeles); default local.")
            .build();
    static final ConfigKey<Boolean> USE_LOCAL_TIMESTAMP = ConfigKey.booleanKey("hdfs.useLocalTimeStamp")
            .defaultValue(false)
            .doc("Use the sink's clock for time escapes instead of the event's 'timestamp' header.").build();
    static final ConfigKey<String> MISSING_TIMESTAMP = ConfigKey.stringKey("hdfs.missingTimestamp")
            .defaultValue("localTime").validator(Validators.oneOf("localTime", "drop", "fail"))
            .doc("Flafka only. What to do with an event whose path needs a time but whose 'timestamp' header is "
                    + "missing or not epoch milliseconds. localTime (default): write it to the bucket of the sink's "
                    + "clock, as hdfs.useLocalTimeStamp would; drop: discard it (EventDropCount); fail: Flume's "
                    + "behaviour, the whole batch rolls back and the sink backs off - a trap, since the same event "
                    + "comes back first every time and blocks the channel until someone removes it. Each case is "
                    + "counted (EventMissingTimestampCount) and WARN-logged. localTime is the default because it "
                    + "keeps every event and keeps the pipeline moving; at worst an event lands in the directory of "
                    + "its arrival time instead of its creation time.").build();
    static final ConfigKey<Integer> CLOSE_TRIES = ConfigKey.intKey("hdfs.closeTries").defaultValue(0)
            .validator(Validators.atLeast(0))
            .doc("Attempts to close (HDFS: recover the lease of) a file whose close failed before it is renamed "
                    + "anyway; 0 = until it succeeds.").build();
    static final ConfigKey<Long> RETRY_INTERVAL = ConfigKey.longKey("hdfs.retryInterval").defaultValue(180L)
            .validator(Validators.atLeast(0)).doc("Seconds between two close attempts.").build();
    static final ConfigKey<Long> CALL_TIMEOUT = ConfigKey.longKey("hdfs.callTimeout").defaultValue(30000L)
            .validator(Validators.atLeast(1)).doc("Milliseconds allowed for one HDFS open, flush, close or rename.")
            .build();
    static final ConfigKey<String> KERBEROS_PRINCIPAL = ConfigKey.stringKey("hdfs.kerberosPrincipal")
            .doc("Kerberos principal to log in as (_HOST is replaced by this host's name).").build();
    static final ConfigKey<String> KERBEROS_KEYTAB = ConfigKey.stringKey("hdfs.kerberosKeytab")
            .doc("Keytab of hdfs.kerberosPrincipal.").build();
    static final ConfigKey<String> PROXY_USER = ConfigKey.stringKey("hdfs.proxyUser")
            .doc("User to impersonate (Hadoop proxy user).").build();
    static final ConfigKey<Boolean> USE_RAW_LOCAL_FS = ConfigKey.booleanKey("hdfs.useRawLocalFileSystem")
            .defaultValue(true).doc("Accepted for Flume compatibility: local paths always use Hadoop's raw local "
                    + "file system, so every flush reaches the disk and no .crc files appear.").build();
    static final ConfigKey<String> SERIALIZER = ConfigKey.stringKey("serializer").defaultValue("TEXT")
            .validator(SinkSerializers.validator())
            .doc("DataStream/CompressedStream format: TEXT, HEADER_AND_TEXT or AVRO_EVENT.").build();

    static final ConfigDef CONFIG_DEF = ConfigDef.builder()
            .keys(PATH, FILE_PREFIX, FILE_SUFFIX, IN_USE_PREFIX, IN_USE_SUFFIX, EMPTY_IN_USE_SUFFIX, ROLL_INTERVAL,
                    ROLL_SIZE, ROLL_COUNT, IDLE_TIMEOUT, BATCH_SIZE, FILE_TYPE, CODEC, WRITE_FORMAT, MAX_OPEN_FILES,
                    MIN_BLOCK_REPLICAS, THREADS_POOL_SIZE, ROLL_TIMER_POOL_SIZE, ROUND, ROUND_VALUE, ROUND_UNIT,
                    TIME_ZONE, USE_LOCAL_TIMESTAMP, MISSING_TIMESTAMP, CLOSE_TRIES, RETRY_INTERVAL, CALL_TIMEOUT,
                    KERBEROS_PRINCIPAL, KERBEROS_KEYTAB, PROXY_USER, USE_RAW_LOCAL_FS, SERIALIZER)
            .prefix("serializer.", "Serializer options: appendNewline (text formats); syncIntervalBytes and "
                    + "compressionCodec (avro_event).")
            .batchSizeKey(BATCH_SIZE.name())
            .build();

    private static Validator<String> escapes(String key) {
        return new Validator<>() {
            @Override
            public String check(String value) {
                try {
                    EscapeTemplate.parse(value, HdfsSinkKeys::checkHostEscape);
                    return null;
                } catch (IllegalArgumentException e) {
                    return e.getMessage();
                }
            }

            @Override
            public String describe() {
                return "Flume escapes";
            }
        };
    }

    private static String checkHostEscape(String name) {
        String n = name.toLowerCase(java.util.Locale.ROOT);
        if (!n.equals("localhost") && !n.equals("ip") && !n.equals("fqdn")) {
            throw new IllegalArgumentException("unknown host escape %[" + name + "]; use %[localhost], %[IP] or %[FQDN]");
        }
        return "host";
    }

    private static Validator<String> zone() {
        return v -> {
            try {
                java.time.ZoneId.of(v.trim());
                return null;
            } catch (java.time.DateTimeException e) {
                return "unknown time zone: " + e.getMessage();
            }
        };
    }
}
