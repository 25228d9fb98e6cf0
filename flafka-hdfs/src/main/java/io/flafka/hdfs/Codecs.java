package io.flafka.hdfs;

import io.flafka.api.config.Validator;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.io.compress.BZip2Codec;
import org.apache.hadoop.io.compress.CompressionCodec;
import org.apache.hadoop.io.compress.DefaultCodec;
import org.apache.hadoop.io.compress.DeflateCodec;
import org.apache.hadoop.io.compress.GzipCodec;
import org.apache.hadoop.io.compress.Lz4Codec;
import org.apache.hadoop.io.compress.SnappyCodec;
import org.apache.hadoop.io.compress.ZStandardCodec;
import org.apache.hadoop.util.ReflectionUtils;

/**
 * The {@code hdfs.codeC} names, as Flume accepts them (short names, any case, with or without
 * "codec", or the codec's class name), mapped to Hadoop's codecs.
 */
final class Codecs {
    private static final Map<String, Class<? extends CompressionCodec>> BY_NAME = new LinkedHashMap<>();

    static {
        BY_NAME.put("gzip", GzipCodec.class);
        BY_NAME.put("bzip2", BZip2Codec.class);
        BY_NAME.put("deflate", DeflateCodec.class);
        BY_NAME.put("default", DefaultCodec.class);
        BY_NAME.put("snappy", SnappyCodec.class);
        BY_NAME.put("lz4", Lz4Codec.class);
        BY_NAME.put("zstd", ZStandardCodec.class);
        BY_NAME.put("zstandard", ZStandardCodec.class);
    }

    private Codecs() {
    }

    /** The codec class named {@code name}; throws IllegalArgumentException with the reason otherwise. */
    static Class<? extends CompressionCodec> codecClass(String name) {
        String n = name.trim();
        for (Class<? extends CompressionCodec> c : BY_NAME.values()) {
            if (c.getName().equals(n)) {
                return c;
            }
        }
        String lower = n.toLowerCase(Locale.ROOT);
        if (lower.endsWith("codec")) {
            lower = lower.substring(0, lower.length() - "codec".length());
        }
        if (lower.equals("lzo") || lower.equals("lzop") || n.startsWith("com.hadoop.compression.lzo")) {
            throw new IllegalArgumentException("'" + n + "' needs the GPL hadoop-lzo native library, which is not "
                    + "available; use gzip, bzip2, deflate, snappy or lz4");
        }
        Class<? extends CompressionCodec> c = BY_NAME.get(lower);
        if (c == null) {
            throw new IllegalArgumentException("unknown codec '" + n + "'; use one of: " + String.join(", ",
                    BY_NAME.keySet()));
        }
        return c;
    }

    /** A configured instance of the codec. */
    static CompressionCodec create(String name, Configuration conf) {
        return ReflectionUtils.newInstance(codecClass(name), conf);
    }

    /**
     * Null when the codec can compress in this JVM, else why not (zstd needs libhadoop built with zstd;
     * lz4 needs lz4-java on the class path). Tried once per name at configuration time.
     */
    static String unusableReason(String name) {
        try {
            CompressionCodec codec = create(name, new Configuration(false));
            java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
            try (java.io.OutputStream out = codec.createOutputStream(bytes)) {
                out.write(1);
            }
            return null;
        } catch (IllegalArgumentException e) {
            return e.getMessage();
        } catch (Exception | LinkageError e) {
            return "codec '" + name.trim() + "' cannot be used here: " + e
                    + "; use gzip, bzip2, deflate or snappy";
        }
    }

    static Validator<String> validator() {
        return new Validator<>() {
            @Override
            public String check(String value) {
                try {
                    codecClass(value);
                    return unusableReason(value);
                } catch (IllegalArgumentException e) {
                    return e.getMessage();
                }
            }

            @Override
            public String describe() {
                return "one of: " + String.join(", ", BY_NAME.keySet());
            }
        };
    }
}
