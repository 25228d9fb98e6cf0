package io.flafka.kafka.common;

import io.flafka.api.config.Config;
import java.util.Map;

/**
 * The {@code header.<flumeHeader> = <kafkaHeader>} pairs of a component, parsed once into arrays so the
 * per-event loop allocates nothing when no mapping is configured.
 */
public final class HeaderMapping {
    /** The pass-through prefix of the mappings. */
    public static final String PREFIX = "header.";

    private final String[] flumeNames;
    private final String[] kafkaNames;

    private HeaderMapping(String[] flumeNames, String[] kafkaNames) {
        this.flumeNames = flumeNames;
        this.kafkaNames = kafkaNames;
    }

    /** Reads every {@code header.*} key of the config. */
    public static HeaderMapping from(Config config) {
        Map<String, String> m = config.subProperties(PREFIX);
        String[] f = new String[m.size()];
        String[] k = new String[m.size()];
        int i = 0;
        for (Map.Entry<String, String> e : m.entrySet()) {
            f[i] = e.getKey();
            k[i] = e.getValue().trim();
            i++;
        }
        return new HeaderMapping(f, k);
    }

    public boolean isEmpty() {
        return flumeNames.length == 0;
    }

    public int size() {
        return flumeNames.length;
    }

    public String flumeName(int i) {
        return flumeNames[i];
    }

    public String kafkaName(int i) {
        return kafkaNames[i];
    }
}
