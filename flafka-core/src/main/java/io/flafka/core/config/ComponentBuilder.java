package io.flafka.core.config;

import io.flafka.api.ComponentKind;
import io.flafka.api.config.Config;
import io.flafka.api.config.Diagnostics;
import io.flafka.core.registry.ComponentFactory;
import io.flafka.core.registry.ComponentRegistry;
import java.util.Map;

/** Resolves one component's type and validates its keys against the type's declaration. */
final class ComponentBuilder {
    private final ComponentRegistry registry;
    private final Diagnostics diagnostics;

    ComponentBuilder(ComponentRegistry registry, Diagnostics diagnostics) {
        this.registry = registry;
        this.diagnostics = diagnostics;
    }

    /**
     * A validated component, or null when its type does not resolve or its keys are invalid (every
     * problem added to the diagnostics).
     *
     * @param name the spec name ({@code r1}, {@code r1.i1}, {@code r1.selector}, {@code g1.processor})
     * @param path the key prefix, with its trailing dot ({@code a1.sources.r1.})
     * @param type the type as written, or null
     * @param defaultType used when {@code type} is null; null makes the type required
     * @param raw the component's own keys (structural keys already removed)
     */
    ComponentSpec build(ComponentKind kind, String name, String path, String type, String defaultType,
                        Map<String, String> raw) {
        String t = type == null ? defaultType : type.trim();
        if (t == null) {
            diagnostics.error(path + "type", "is required (the " + ComponentRegistry.word(kind) + " type)");
            return null;
        }
        ComponentRegistry.Resolution r = registry.lookup(kind, t);
        if (!r.found()) {
            diagnostics.error(path + "type", r.problem());
            return null;
        }
        ComponentFactory factory = r.factory();
        Diagnostics local = new Diagnostics();
        Config config;
        try {
            config = factory.configDef().validate(raw, path, local);
        } catch (RuntimeException e) {
            // A provider bug, not a user mistake; report it where the user can see which component it is.
            diagnostics.error(path + "type", "the " + ComponentRegistry.word(kind) + " type '" + t
                    + "' failed to validate its configuration: " + e);
            return null;
        }
        diagnostics.addAll(local);
        if (local.hasErrors()) {
            return null;
        }
        return new ComponentSpec(name, kind, t, raw, config, factory);
    }
}
