package io.flafka.core.config;

/**
 * A sink with the one channel it reads.
 *
 * @param component the sink itself
 * @param channel the channel name
 */
public record SinkSpec(ComponentSpec component, String channel) {

    public String name() {
        return component.name();
    }

    public boolean sameAs(SinkSpec o) {
        return o != null && component.sameAs(o.component) && channel.equals(o.channel);
    }
}
