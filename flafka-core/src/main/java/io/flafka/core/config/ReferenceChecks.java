package io.flafka.core.config;

import io.flafka.api.config.ConfigDef;
import io.flafka.api.config.ConfigKey;
import io.flafka.api.config.Diagnostics;
import java.util.List;
import java.util.Map;

/** Cross-component checks that no single component's declaration can make. */
final class ReferenceChecks {
    private ReferenceChecks() {
    }

    /**
     * Every channel a selector names ({@code mapping.*}, {@code optional.*}, {@code optional},
     * {@code default}) must be one of its source's channels.
     */
    static void selectorChannels(String path, Map<String, String> selectorKeys, List<String> sourceChannels,
                                 Diagnostics diagnostics) {
        for (Map.Entry<String, String> e : selectorKeys.entrySet()) {
            String k = e.getKey();
            boolean names = k.startsWith("mapping.") || k.startsWith("optional.") || k.equals("optional")
                    || k.equals("default");
            if (!names) {
                continue;
            }
            for (String ch : ConfigDef.splitList(e.getValue())) {
                if (!sourceChannels.contains(ch)) {
                    diagnostics.error(path + k, "channel '" + ch + "' is not one of the source's channels ("
                            + String.join(", ", sourceChannels) + ")");
                }
            }
        }
    }

    /** Every {@code priority.<sink>} of a processor must name a member of its group. */
    static void processorSinks(String path, Map<String, String> processorKeys, List<String> members,
                               Diagnostics diagnostics) {
        for (String k : processorKeys.keySet()) {
            if (k.startsWith("priority.")) {
                String sink = k.substring("priority.".length());
                if (!members.contains(sink)) {
                    diagnostics.error(path + k, "'" + sink + "' is not a sink of this group ("
                            + String.join(", ", members) + ")");
                }
            }
        }
    }

    /**
     * A source's or sink's batch must fit in one transaction of each of its channels (FLUME-3106/3107):
     * otherwise the put or take can never commit and the same batch is retried forever.
     *
     * @param user the source or sink
     * @param userPath its key prefix ({@code a1.sources.r1.})
     * @param channel a channel it uses
     * @param channelPath the channel's key prefix
     */
    static void batchFits(ComponentSpec user, String userPath, ComponentSpec channel, String channelPath,
                          Diagnostics diagnostics) {
        ConfigDef userDef = user.factory().configDef();
        ConfigDef channelDef = channel.factory().configDef();
        Number batch = value(user, userDef.batchSizeKey());
        Number capacity = value(channel, channelDef.transactionCapacityKey());
        if (batch == null || capacity == null || batch.longValue() <= capacity.longValue()) {
            return;
        }
        boolean source = user.kind() == io.flafka.api.ComponentKind.SOURCE;
        diagnostics.error(userPath + userDef.batchSizeKey(), "batch size " + batch + " is greater than "
                + channelPath + channelDef.transactionCapacityKey() + " " + capacity + ": a batch could never "
                + (source ? "be put into" : "be taken from") + " the channel in one transaction ("
                + (source ? "FLUME-3106" : "FLUME-3107") + "); lower " + userDef.batchSizeKey() + " or raise "
                + channelDef.transactionCapacityKey());
    }

    private static Number value(ComponentSpec spec, String keyName) {
        if (keyName == null) {
            return null;
        }
        ConfigKey<?> key = spec.factory().configDef().keys().get(keyName);
        if (key == null) {
            return null;
        }
        Object v = spec.config().get(key);
        return v instanceof Number n ? n : null;
    }
}
