package io.flafka.core.config;

import java.util.List;

/**
 * A sink group: several sinks driven by one runner thread through a sink processor.
 *
 * @param name the group name
 * @param sinks member sink names, in configured order
 * @param processor the processor (failover, load_balance, default)
 */
public record SinkGroupSpec(String name, List<String> sinks, ComponentSpec processor) {

    public boolean sameAs(SinkGroupSpec o) {
        return o != null && name.equals(o.name) && sinks.equals(o.sinks) && processor.sameAs(o.processor);
    }
}
