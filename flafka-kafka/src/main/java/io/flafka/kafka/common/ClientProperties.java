package io.flafka.kafka.common;

import io.flafka.api.config.Config;
import java.util.HashMap;
import java.util.Map;

/**
 * Builds a Kafka client's properties from a component's configuration: component defaults, then the
 * user's pass-through keys under a prefix ({@code kafka.producer.}, {@code kafka.consumer.}), then the
 * values the component must force. Translates Flume's {@code ssl.disableTLSHostnameVerification}.
 */
public final class ClientProperties {
    /** Flume's switch under the client prefix; {@code true} disables TLS host name verification. */
    public static final String DISABLE_TLS_HOSTNAME_VERIFICATION = "ssl.disableTLSHostnameVerification";

    private ClientProperties() {
    }

    /**
     * @param config the component's config
     * @param prefix the pass-through prefix, e.g. {@code kafka.producer.}
     * @param defaults used unless the user sets the key
     * @param forced always win
     */
    public static Map<String, Object> build(Config config, String prefix, Map<String, Object> defaults,
                                            Map<String, Object> forced) {
        Map<String, Object> props = new HashMap<>(defaults);
        Map<String, String> user = config.subProperties(prefix);
        String disable = user.remove(DISABLE_TLS_HOSTNAME_VERIFICATION);
        props.putAll(user);
        if (disable != null && Boolean.parseBoolean(disable.trim())) {
            props.put("ssl.endpoint.identification.algorithm", "");
        }
        props.putAll(forced);
        return props;
    }

    /** True when the user set {@code prefix + key} explicitly. */
    public static boolean userSet(Config config, String prefix, String key) {
        return config.getString(prefix + key) != null;
    }
}
