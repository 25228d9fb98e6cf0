package io.flafka.hdfs;

import io.flafka.api.config.Config;
import io.flafka.api.config.ConfigException;
import java.io.OutputStream;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.Locale;
import java.util.Map;

/**
 * The HDFS sink's settings, read once from its validated keys, with the cross-key checks Flume leaves
 * to run time (a CompressedStream without a codec is a configuration error here).
 */
record HdfsSinkSettings(String path, String filePrefix, String fileSuffix, String inUsePrefix, String inUseSuffix,
                        long rollIntervalMs, long rollSize, long rollCount, long idleTimeoutMs, int batchSize,
                        FileType fileType, String codec, boolean textWriteFormat, int maxOpenFiles,
                        Integer minBlockReplicas, int threadsPoolSize, int rollTimerPoolSize,
                        BucketPathCache.Rounding rounding, ZoneId timeZone, boolean useLocalTimeStamp,
                        MissingTimestamp missingTimestamp, int closeTries,
                        long retryIntervalMs, long callTimeoutMs, String kerberosPrincipal, String kerberosKeytab,
                        String proxyUser, String serializer, Map<String, String> serializerOptions) {

    /** {@code hdfs.fileType}. */
    enum FileType { SEQUENCE_FILE, DATA_STREAM, COMPRESSED_STREAM }

    /** {@code hdfs.missingTimestamp}: where an event goes when its path needs a time it does not carry. */
    enum MissingTimestamp { LOCAL_TIME, DROP, FAIL }

    static HdfsSinkSettings from(Config c) {
        FileType type = switch (c.get(HdfsSinkKeys.FILE_TYPE).trim().toLowerCase(Locale.ROOT)) {
            case "datastream" -> FileType.DATA_STREAM;
            case "compressedstream" -> FileType.COMPRESSED_STREAM;
            default -> FileType.SEQUENCE_FILE;
        };
        String codec = c.get(HdfsSinkKeys.CODEC);
        if (codec != null && codec.isBlank()) {
            codec = null;
        }
        if (type == FileType.COMPRESSED_STREAM && codec == null) {
            throw new ConfigException(HdfsSinkKeys.CODEC.name(), "is required when hdfs.fileType = CompressedStream");
        }
        if (type == FileType.DATA_STREAM && codec != null) {
            throw new ConfigException(HdfsSinkKeys.CODEC.name(), "cannot be used with hdfs.fileType = DataStream "
                    + "(which writes uncompressed); use CompressedStream");
        }
        String principal = blankToNull(c.get(HdfsSinkKeys.KERBEROS_PRINCIPAL));
        String keytab = blankToNull(c.get(HdfsSinkKeys.KERBEROS_KEYTAB));
        if (principal != null && keytab == null) {
            throw new ConfigException(HdfsSinkKeys.KERBEROS_KEYTAB.name(), "is required when "
                    + HdfsSinkKeys.KERBEROS_PRINCIPAL.name() + " is set");
        }
        if (keytab != null && principal == null) {
            throw new ConfigException(HdfsSinkKeys.KERBEROS_PRINCIPAL.name(), "is required when "
                    + HdfsSinkKeys.KERBEROS_KEYTAB.name() + " is set");
        }
        BucketPathCache.Rounding rounding = BucketPathCache.Rounding.NONE;
        if (c.get(HdfsSinkKeys.ROUND)) {
            ChronoUnit unit = switch (c.get(HdfsSinkKeys.ROUND_UNIT).trim().toLowerCase(Locale.ROOT)) {
                case "minute" -> ChronoUnit.MINUTES;
                case "hour" -> ChronoUnit.HOURS;
                default -> ChronoUnit.SECONDS;
            };
            int value = c.get(HdfsSinkKeys.ROUND_VALUE);
            int limit = unit == ChronoUnit.HOURS ? 24 : 60;
            if (value > limit) {
                throw new ConfigException(HdfsSinkKeys.ROUND_VALUE.name(), "must be at most " + limit + " for "
                        + unit.toString().toLowerCase(Locale.ROOT));
            }
            rounding = new BucketPathCache.Rounding(unit, value);
        }
        MissingTimestamp missingTimestamp = switch (c.get(HdfsSinkKeys.MISSING_TIMESTAMP).trim()
                .toLowerCase(Locale.ROOT)) {
            case "drop" -> MissingTimestamp.DROP;
            case "fail" -> MissingTimestamp.FAIL;
            default -> MissingTimestamp.LOCAL_TIME;
        };
        String tz = c.get(HdfsSinkKeys.TIME_ZONE);
        String serializer = c.get(HdfsSinkKeys.SERIALIZER);
        Map<String, String> serializerOptions = Map.copyOf(c.subProperties("serializer."));
        // surfaces bad serializer options (appendNewline, syncIntervalBytes, compressionCodec) now
        SinkSerializers.forName(serializer).orElseThrow().create(OutputStream.nullOutputStream(), serializerOptions);
        String inUseSuffix = c.get(HdfsSinkKeys.EMPTY_IN_USE_SUFFIX) ? "" : c.get(HdfsSinkKeys.IN_USE_SUFFIX);
        return new HdfsSinkSettings(c.get(HdfsSinkKeys.PATH).trim(), c.get(HdfsSinkKeys.FILE_PREFIX),
                c.get(HdfsSinkKeys.FILE_SUFFIX), c.get(HdfsSinkKeys.IN_USE_PREFIX), inUseSuffix,
                c.get(HdfsSinkKeys.ROLL_INTERVAL) * 1000L, c.get(HdfsSinkKeys.ROLL_SIZE),
                c.get(HdfsSinkKeys.ROLL_COUNT), c.get(HdfsSinkKeys.IDLE_TIMEOUT) * 1000L,
                c.get(HdfsSinkKeys.BATCH_SIZE), type, codec,
                c.get(HdfsSinkKeys.WRITE_FORMAT).trim().equalsIgnoreCase("Text"), c.get(HdfsSinkKeys.MAX_OPEN_FILES),
                c.get(HdfsSinkKeys.MIN_BLOCK_REPLICAS), c.get(HdfsSinkKeys.THREADS_POOL_SIZE),
                c.get(HdfsSinkKeys.ROLL_TIMER_POOL_SIZE), rounding,
                tz == null ? ZoneId.systemDefault() : ZoneId.of(tz.trim()), c.get(HdfsSinkKeys.USE_LOCAL_TIMESTAMP),
                missingTimestamp, c.get(HdfsSinkKeys.CLOSE_TRIES), c.get(HdfsSinkKeys.RETRY_INTERVAL) * 1000L,
                c.get(HdfsSinkKeys.CALL_TIMEOUT), principal, keytab,
                blankToNull(c.get(HdfsSinkKeys.PROXY_USER)), serializer, serializerOptions);
    }

    private static String blankToNull(String v) {
        return v == null || v.isBlank() ? null : v.trim();
    }
}
