package io.flafka.core.config;

import io.flafka.api.ComponentKind;
import io.flafka.api.config.Config;
import io.flafka.core.registry.ComponentFactory;
import java.util.Map;

/**
 * One validated component of an agent: its name, how to make it, and its configuration.
 *
 * @param name the component name ({@code r1}; {@code r1.i1} for an interceptor, {@code r1.selector},
 *     {@code g1.processor})
 * @param kind the component kind
 * @param type the type as written in the file
 * @param raw the component's own keys, prefix stripped, after substitution (without structural keys
 *     such as {@code type}, {@code channels}, {@code selector.*}, {@code interceptors*})
 * @param config {@code raw} validated against the factory's declaration
 * @param factory makes instances
 */
public record ComponentSpec(String name, ComponentKind kind, String type, Map<String, String> raw, Config config,
                            ComponentFactory factory) {

    /** True when both would build identical components (same kind, resolved type and raw config). */
    public boolean sameAs(ComponentSpec other) {
        return other != null && kind == other.kind && factory.typeName().equals(other.factory.typeName())
                && raw.equals(other.raw);
    }
}
