package io.flafka.core.config;

import io.flafka.api.config.Diagnostics;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Resolves references in configuration values (never in keys), as Flume 1.10+ does:
 * <ul>
 *   <li>{@code ${env:VAR}}: an environment variable;</li>
 *   <li>{@code ${sys:prop}}: a Java system property;</li>
 *   <li>{@code ${some.key}}: the (resolved) value of another key of the merged configuration;</li>
 *   <li>{@code ${f1['key']}}: a lookup through the agent's config filter {@code f1};</li>
 *   <li>{@code ${name:-default}}: any of the above with a default when it has no value;</li>
 *   <li>{@code $${}: a literal {@code ${}.</li>
 * </ul>
 * References nest ({@code ${env:${key}}}) and key references resolve recursively, with cycle detection.
 * Values from the environment, system properties and filters are taken literally (a password holding
 * {@code ${} stays intact). A reference that cannot be resolved is an error at the key holding it; the
 * message shows the reference, never the value. Not thread-safe; one instance per load.
 */
final class Substitutor {
    private static final Pattern FILTER_REF = Pattern.compile("([\\w-]+)\\[\\s*(['\"]?)(.*?)\\2\\s*]");
    private static final Pattern LOOKUP_PREFIX = Pattern.compile("([A-Za-z]+):.*");

    private final Map<String, String> all;
    private final Function<String, String> env;
    private final Function<String, String> sys;
    private final Map<String, ConfigFilter> filters;
    private final Diagnostics diagnostics;
    private final Map<String, String> resolved = new HashMap<>();
    private final Set<String> failed = new HashSet<>();
    private final LinkedHashSet<String> inProgress = new LinkedHashSet<>();

    Substitutor(Map<String, String> all, Function<String, String> env, Function<String, String> sys,
                Map<String, ConfigFilter> filters, Diagnostics diagnostics) {
        this.all = all;
        this.env = env;
        this.sys = sys;
        this.filters = filters;
        this.diagnostics = diagnostics;
    }

    /** The resolved value of a key of the configuration, or null when it could not be resolved (error added). */
    String value(String key) {
        String done = resolved.get(key);
        if (done != null) {
            return done;
        }
        if (failed.contains(key)) {
            return null;
        }
        if (inProgress.contains(key)) {
            List<String> chain = new ArrayList<>(inProgress);
            List<String> cycle = new ArrayList<>(chain.subList(chain.indexOf(key), chain.size()));
            cycle.add(key);
            diagnostics.error(key, "reference cycle: " + String.join(" -> ", cycle));
            failed.addAll(cycle);
            return null;
        }
        String raw = all.get(key);
        if (raw == null) {
            return null;
        }
        inProgress.add(key);
        String v;
        try {
            v = interpolate(raw, key);
        } finally {
            inProgress.remove(key);
        }
        if (v == null || failed.contains(key)) {
            failed.add(key);
            return null;
        }
        resolved.put(key, v);
        return v;
    }

    /** True when resolving {@code key} failed. */
    boolean failed(String key) {
        return failed.contains(key);
    }

    private String interpolate(String text, String owner) {
        if (text.indexOf('$') < 0) {
            return text;
        }
        StringBuilder out = new StringBuilder(text.length());
        int i = 0;
        int n = text.length();
        while (i < n) {
            if (text.startsWith("$${", i)) {
                out.append("${");
                i += 3;
            } else if (text.startsWith("${", i)) {
                int end = closingBrace(text, i + 2);
                if (end < 0) {
                    out.append(text, i, n); // unterminated: literal, as Commons-Text leaves it
                    break;
                }
                String expr = text.substring(i + 2, end);
                String name = interpolate(expr, owner);
                if (name == null) {
                    return null;
                }
                // A name built from other references may hold a resolved secret: never echo it then.
                String v = lookup(name, owner, "${" + expr + "}", !name.equals(expr));
                if (v == null) {
                    return null;
                }
                out.append(v);
                i = end + 1;
            } else {
                out.append(text.charAt(i++));
            }
        }
        return out.toString();
    }

    private static int closingBrace(String text, int from) {
        int depth = 1;
        int i = from;
        while (i < text.length()) {
            if (text.startsWith("$${", i)) {
                i += 3;
            } else if (text.startsWith("${", i)) {
                depth++;
                i += 2;
            } else if (text.charAt(i) == '}') {
                if (--depth == 0) {
                    return i;
                }
                i++;
            } else {
                i++;
            }
        }
        return -1;
    }

    /** The value of one reference, or null with an error added at {@code owner}. */
    private String lookup(String expr, String owner, String shown, boolean hideName) {
        String name = expr;
        String fallback = null;
        int d = expr.indexOf(":-");
        if (d >= 0) {
            name = expr.substring(0, d);
            fallback = expr.substring(d + 2);
        }
        String problem;
        Matcher fm = FILTER_REF.matcher(name);
        if (fm.matches()) {
            ConfigFilter f = filters.get(fm.group(1));
            if (f == null) {
                diagnostics.error(owner, "cannot resolve '" + shown + "': no config filter '" + fm.group(1)
                        + "' (list it in <agent>.configfilters)");
                return null;
            }
            if (f == ConfigFilters.BROKEN) {
                failed.add(owner); // the filter's own error says what to fix
                return null;
            }
            try {
                String v = f.lookup(fm.group(3));
                if (v != null) {
                    return v;
                }
            } catch (Exception e) {
                diagnostics.error(owner, "cannot resolve '" + shown + "': config filter '" + fm.group(1)
                        + "' failed: " + e.getMessage());
                return null;
            }
            problem = "config filter '" + fm.group(1) + "' has no value for "
                    + (hideName ? "the key it was given" : "'" + fm.group(3) + "'");
        } else if (name.startsWith("env:")) {
            String v = env.apply(name.substring(4));
            if (v != null) {
                return v;
            }
            problem = hideName ? "the environment variable it names is not set"
                    : "environment variable '" + name.substring(4) + "' is not set";
        } else if (name.startsWith("sys:")) {
            String v = sys.apply(name.substring(4));
            if (v != null) {
                return v;
            }
            problem = hideName ? "the system property it names is not set"
                    : "system property '" + name.substring(4) + "' is not set";
        } else if (all.containsKey(name)) {
            String v = value(name);
            if (v == null) {
                failed.add(owner); // the referenced key's own error says why
            }
            return v;
        } else {
            Matcher pm = LOOKUP_PREFIX.matcher(name);
            if (pm.matches()) {
                problem = "lookup '" + pm.group(1) + ":' is not supported (use env:, sys:, a key, or a config filter)";
            } else {
                problem = hideName ? "the key it names is not in the configuration"
                        : "no key '" + name + "' in the configuration";
            }
        }
        if (fallback != null) {
            return fallback;
        }
        diagnostics.error(owner, "cannot resolve '" + shown + "': " + problem);
        return null;
    }
}
