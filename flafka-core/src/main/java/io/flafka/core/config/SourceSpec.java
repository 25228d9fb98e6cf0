package io.flafka.core.config;

import java.util.List;

/**
 * A source with its wiring.
 *
 * @param component the source itself
 * @param channels the channels it writes to, in configured order
 * @param selector the channel selector (replicating when not configured)
 * @param interceptors the interceptor chain, in order
 */
public record SourceSpec(ComponentSpec component, List<String> channels, ComponentSpec selector,
                         List<ComponentSpec> interceptors) {

    public String name() {
        return component.name();
    }

    /** True when restarting is unnecessary: same source, channels, selector and interceptors. */
    public boolean sameAs(SourceSpec o) {
        if (o == null || !component.sameAs(o.component) || !channels.equals(o.channels)
                || !selector.sameAs(o.selector) || interceptors.size() != o.interceptors.size()) {
            return false;
        }
        for (int i = 0; i < interceptors.size(); i++) {
            if (!interceptors.get(i).sameAs(o.interceptors.get(i))) {
                return false;
            }
        }
        return true;
    }
}
