package io.flafka.api.config;

import java.util.Locale;
import java.util.regex.Pattern;

/** Recognises configuration keys whose values must never be printed. */
public final class Secrets {
    /** What a secret value is shown as. */
    public static final String MASK = "****";

    private static final Pattern SECRET = Pattern.compile(
            ".*(password|passwd|secret|token|jaas\\.config|credential|private\\.key|keystore\\.key|sasl\\.jaas).*");

    private Secrets() {
    }

    /** True for keys such as {@code kafka.producer.ssl.keystore.password} or {@code sasl.jaas.config}. */
    public static boolean isSecretKey(String key) {
        return SECRET.matcher(key.toLowerCase(Locale.ROOT)).matches();
    }

    /** The value itself, or the mask when the key is secret. */
    public static String maskIfSecret(String key, String value) {
        return isSecretKey(key) ? MASK : value;
    }
}
