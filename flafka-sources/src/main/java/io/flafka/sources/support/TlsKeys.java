package io.flafka.sources.support;

import io.flafka.api.config.Config;
import io.flafka.api.config.ConfigException;
import io.flafka.api.config.ConfigKey;
import io.flafka.api.config.Validators;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/** Flume's server TLS keys, shared by the HTTP and syslog TCP sources. */
public final class TlsKeys {
    public static final ConfigKey<Boolean> SSL = ConfigKey.booleanKey("ssl").defaultValue(false)
            .doc("Serve TLS with the key store below.").build();
    public static final ConfigKey<String> KEYSTORE = ConfigKey.stringKey("keystore")
            .doc("Path of the key store holding the server's key and certificate.").build();
    public static final ConfigKey<String> KEYSTORE_PASSWORD = ConfigKey.passwordKey("keystore-password")
            .doc("Password of the key store.").build();
    public static final ConfigKey<String> KEYSTORE_TYPE = ConfigKey.stringKey("keystore-type").defaultValue("JKS")
            .validator(Validators.oneOf("JKS", "PKCS12")).doc("Key store type: JKS or PKCS12.").build();
    public static final ConfigKey<List<String>> EXCLUDE_PROTOCOLS = ConfigKey.listKey("exclude-protocols")
            .defaultValue(List.of("SSLv3")).doc("TLS protocols never used.").build();
    public static final ConfigKey<List<String>> INCLUDE_PROTOCOLS = ConfigKey.listKey("include-protocols")
            .defaultValue(List.of()).doc("TLS protocols allowed (empty: the JVM's defaults).").build();
    public static final ConfigKey<List<String>> INCLUDE_CIPHER_SUITES = ConfigKey.listKey("include-cipher-suites")
            .defaultValue(List.of()).doc("Cipher suites allowed (empty: the JVM's defaults).").build();
    public static final ConfigKey<List<String>> EXCLUDE_CIPHER_SUITES = ConfigKey.listKey("exclude-cipher-suites")
            .defaultValue(List.of()).doc("Cipher suites never used.").build();
    /** All of them, for a ConfigDef. */
    public static final List<ConfigKey<?>> ALL = List.of(SSL, KEYSTORE, KEYSTORE_PASSWORD, KEYSTORE_TYPE,
            EXCLUDE_PROTOCOLS, INCLUDE_PROTOCOLS, INCLUDE_CIPHER_SUITES, EXCLUDE_CIPHER_SUITES);

    private TlsKeys() {
    }

    /** The TLS settings, or null when {@code ssl} is false. */
    public static TlsSettings read(Config c) {
        if (!c.get(SSL)) {
            return null;
        }
        String ks = c.get(KEYSTORE);
        if (ks == null || ks.isBlank()) {
            throw new ConfigException("keystore", "is required when ssl is true");
        }
        return new TlsSettings(Path.of(ks.trim()), c.get(KEYSTORE_PASSWORD),
                c.get(KEYSTORE_TYPE).trim().toUpperCase(Locale.ROOT), c.getList(INCLUDE_PROTOCOLS),
                c.getList(EXCLUDE_PROTOCOLS), c.getList(INCLUDE_CIPHER_SUITES), c.getList(EXCLUDE_CIPHER_SUITES));
    }
}
