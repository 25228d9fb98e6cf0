package io.flafka.core.config;

import io.flafka.api.config.ConfigDef;
import io.flafka.api.config.Diagnostics;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One section of an agent's keys ({@code sources}, {@code channels}, {@code sinks} or
 * {@code sinkgroups}): the names listed in {@code <agent>.<word>} and the keys configured under
 * {@code <agent>.<word>.<name>.}, grouped by component, in file order.
 */
final class AgentKeys {
    final String word;
    final String listPath;
    final Set<String> listed = new LinkedHashSet<>();
    final Map<String, Map<String, String>> configured = new LinkedHashMap<>();

    private AgentKeys(String agent, String word) {
        this.word = word;
        this.listPath = agent + "." + word;
    }

    /** The section {@code word} of {@code props} (agent keys without the agent prefix). */
    static AgentKeys of(String agent, String word, Map<String, String> props, Diagnostics diagnostics) {
        AgentKeys s = new AgentKeys(agent, word);
        String list = props.get(word);
        if (list != null) {
            for (String name : ConfigDef.splitList(list)) {
                if (!s.listed.add(name)) {
                    diagnostics.warn(s.listPath, "'" + name + "' is listed twice");
                }
            }
        }
        String prefix = word + ".";
        for (Map.Entry<String, String> e : props.entrySet()) {
            String k = e.getKey();
            if (!k.startsWith(prefix)) {
                continue;
            }
            String rest = k.substring(prefix.length());
            int dot = rest.indexOf('.');
            if (dot <= 0 || dot == rest.length() - 1) {
                diagnostics.warn(agent + "." + k, "not a component key (expected " + s.listPath
                        + ".<name>.<key>); ignored");
                continue;
            }
            s.configured.computeIfAbsent(rest.substring(0, dot), x -> new LinkedHashMap<>())
                    .put(rest.substring(dot + 1), e.getValue());
        }
        for (String name : s.configured.keySet()) {
            if (!s.listed.contains(name)) {
                diagnostics.warn(s.listPath + "." + name, "configured but not listed in " + s.listPath + "; ignored");
            }
        }
        return s;
    }

    /** The keys of one listed component (a mutable copy), or null with an error when it has none. */
    Map<String, String> keysOf(String name, Diagnostics diagnostics) {
        Map<String, String> keys = configured.get(name);
        if (keys == null) {
            diagnostics.error(listPath + "." + name, "listed in " + listPath + " but not configured");
            return null;
        }
        return new LinkedHashMap<>(keys);
    }

    /** The keys below {@code prefix} (prefix stripped), removed from {@code keys}. */
    static Map<String, String> extract(Map<String, String> keys, String prefix) {
        Map<String, String> out = new LinkedHashMap<>();
        var it = keys.entrySet().iterator();
        while (it.hasNext()) {
            Map.Entry<String, String> e = it.next();
            if (e.getKey().startsWith(prefix)) {
                out.put(e.getKey().substring(prefix.length()), e.getValue());
                it.remove();
            }
        }
        return out;
    }

    static List<String> list(String value) {
        return value == null ? List.of() : ConfigDef.splitList(value);
    }
}
