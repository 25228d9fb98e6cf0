package io.flafka.core.config;

import io.flafka.api.config.ConfigError;
import io.flafka.api.config.Diagnostics;
import io.flafka.core.registry.ComponentRegistry;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.function.Function;

/**
 * Loads one agent from Flume 1.x properties: reads and merges the files, substitutes
 * {@code ${...}} references (environment, system properties, other keys, config filters), builds and
 * validates every component, checks the wiring, and runs the {@link TopologyCheck}s. It reports every
 * problem at once, each at its full key path, and never throws for a user mistake or an I/O problem.
 * Stateless between calls; one instance may load many times (each reload).
 */
public final class ConfigLoader {
    private static final Set<String> SECTIONS = Set.of("sources", "channels", "sinks", "sinkgroups", "configfilters");

    private final ComponentRegistry registry;
    private final Function<String, String> env;
    private final Function<String, String> sys;

    public ConfigLoader(ComponentRegistry registry) {
        this(registry, System::getenv, System::getProperty);
    }

    /** A loader with its own environment and system properties (for tests and embedding). */
    public ConfigLoader(ComponentRegistry registry, Function<String, String> environment,
                        Function<String, String> systemProperties) {
        this.registry = Objects.requireNonNull(registry, "registry");
        this.env = Objects.requireNonNull(environment, "environment");
        this.sys = Objects.requireNonNull(systemProperties, "systemProperties");
    }

    /** Loads {@code agentName} from files merged in order (later files override earlier ones). */
    public LoadResult load(List<Path> files, String agentName) {
        Diagnostics d = new Diagnostics();
        if (files.isEmpty()) {
            d.error(agentName, "no configuration file given");
            return new LoadResult(null, d);
        }
        Map<String, String> props = PropertiesFiles.read(files, d);
        if (d.hasErrors()) {
            return new LoadResult(null, d);
        }
        LoadResult r = load(props, agentName);
        d.addAll(r.diagnostics());
        return new LoadResult(d.hasErrors() ? null : r.spec(), d);
    }

    /** Loads {@code agentName} from properties (keys in the order given). */
    public LoadResult load(Map<String, String> properties, String agentName) {
        Diagnostics d = new Diagnostics();
        Set<String> agents = agentNames(properties);
        if (!agents.contains(agentName)) {
            d.error(agentName, agents.isEmpty() ? "no agent '" + agentName + "': the configuration defines no agents"
                    : "no agent '" + agentName + "' in the configuration; agents found: " + String.join(", ", agents));
            return new LoadResult(null, d);
        }
        String prefix = agentName + ".";
        String filterPrefix = prefix + "configfilters";

        // Filters first: their own keys may use env/sys/key references, but not filters.
        Substitutor plain = new Substitutor(properties, env, sys, Map.of(), d);
        Map<String, String> filterKeys = new LinkedHashMap<>();
        for (String key : properties.keySet()) {
            if (key.startsWith(filterPrefix)) {
                String v = plain.value(key);
                filterKeys.put(key.substring(prefix.length()), v == null ? properties.get(key) : v);
            }
        }
        Map<String, ConfigFilter> filters = ConfigFilters.build(agentName, filterKeys, env, d);

        Substitutor full = new Substitutor(properties, env, sys, filters, d);
        Map<String, String> agentProps = new LinkedHashMap<>();
        Set<String> unresolved = new HashSet<>();
        for (Map.Entry<String, String> e : properties.entrySet()) {
            String key = e.getKey();
            if (!key.startsWith(prefix)) {
                continue;
            }
            String stripped = key.substring(prefix.length());
            if (key.startsWith(filterPrefix)) {
                agentProps.put(stripped, filterKeys.get(stripped));
                continue;
            }
            String v = full.value(key);
            if (v == null) {
                unresolved.add(key);
                v = e.getValue();
            }
            agentProps.put(stripped, v);
        }

        Diagnostics built = new Diagnostics();
        AgentSpec spec = new AgentAssembler(registry, agentName, agentProps, built).assemble();
        mergeSkipping(built, unresolved, d);
        if (spec != null && !d.hasErrors()) {
            runChecks(spec, d);
        }
        return new LoadResult(d.hasErrors() ? null : spec, d);
    }

    /**
     * The agents a configuration defines: the first segment of every key whose second segment is
     * {@code sources}, {@code channels}, {@code sinks}, {@code sinkgroups} or {@code configfilters}, in
     * order of first appearance. Other keys (shared values referenced with {@code ${...}}) define none.
     */
    public static Set<String> agentNames(Map<String, String> properties) {
        Set<String> out = new LinkedHashSet<>();
        for (String key : properties.keySet()) {
            int dot = key.indexOf('.');
            if (dot <= 0) {
                continue;
            }
            int next = key.indexOf('.', dot + 1);
            String second = next < 0 ? key.substring(dot + 1) : key.substring(dot + 1, next);
            if (SECTIONS.contains(second)) {
                out.add(key.substring(0, dot));
            }
        }
        return out;
    }

    /** The assembler's findings, minus errors at keys whose substitution already failed (their only cause). */
    private static void mergeSkipping(Diagnostics from, Set<String> unresolved, Diagnostics into) {
        for (ConfigError e : from.errors()) {
            if (!unresolved.contains(e.path())) {
                into.error(e.path(), e.message());
            }
        }
        from.warnings().forEach(w -> into.warn(w.path(), w.message()));
        from.infos().forEach(i -> into.info(i.path(), i.message()));
    }

    private void runChecks(AgentSpec spec, Diagnostics d) {
        List<TopologyCheck> checks = new ArrayList<>();
        try {
            ServiceLoader.load(TopologyCheck.class, registry.classLoader()).forEach(checks::add);
        } catch (ServiceConfigurationError e) {
            d.error(spec.agentName(), "cannot load a topology check: " + e.getMessage());
            return;
        }
        for (TopologyCheck check : checks) {
            try {
                check.check(spec, d);
            } catch (RuntimeException e) {
                d.error(spec.agentName(), "topology check " + check.getClass().getName() + " failed: " + e);
            }
        }
    }
}
