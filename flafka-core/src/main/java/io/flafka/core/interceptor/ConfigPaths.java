package io.flafka.core.interceptor;

import io.flafka.api.ComponentContext;

/**
 * Builds the full Flume key path of one of a component's keys, for error messages raised after
 * validation (for example when a selector learns its channels). Interceptor and selector names are
 * qualified by their source ({@code r1.i1}, {@code r1}), and a sink processor is named after its group ({@code g1} or {@code g1.processor}),
 * so their paths are {@code a1.sources.r1.interceptors.i1.key}, {@code a1.sources.r1.selector.key} and
 * {@code a1.sinkgroups.g1.processor.key}.
 */
public final class ConfigPaths {
    private ConfigPaths() {
    }

    /** The full path of {@code key} of the component described by {@code context}. */
    public static String of(ComponentContext context, String key) {
        String agent = context.agentName();
        String name = context.name();
        int dot = name.indexOf('.');
        return switch (context.kind()) {
            case INTERCEPTOR -> dot > 0
                    ? agent + ".sources." + name.substring(0, dot) + ".interceptors." + name.substring(dot + 1) + "." + key
                    : agent + ".interceptors." + name + "." + key;
            case SELECTOR -> agent + ".sources." + (dot > 0 ? name.substring(0, dot) : name) + ".selector." + key;
            case SINK_PROCESSOR -> agent + ".sinkgroups." + (dot > 0 ? name.substring(0, dot) : name)
                    + ".processor." + key;
            default -> context.qualifiedName() + "." + key;
        };
    }
}
