package io.flafka.kafka.common;

import io.flafka.api.config.Config;
import java.util.Locale;

/**
 * Which consumer group protocol a component's consumers use. Under Kafka's {@code consumer} protocol
 * (KIP-848; {@code kafka.consumer.group.protocol = consumer}) the broker assigns partitions and the
 * client refuses {@code partition.assignment.strategy}, so Flafka's cooperative-sticky default must
 * then not be set.
 */
public final class GroupProtocol {
    private GroupProtocol() {
    }

    /** True unless the user chose {@code group.protocol = consumer} under {@code prefix}. */
    public static boolean isClassic(Config config, String prefix) {
        String p = config.getString(prefix + "group.protocol");
        return p == null || !p.trim().toLowerCase(Locale.ROOT).equals("consumer");
    }
}
