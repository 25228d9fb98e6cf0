package io.flafka.core.config;

import io.flafka.api.config.Config;
import io.flafka.api.config.ConfigDef;
import io.flafka.api.config.ConfigKey;
import io.flafka.api.config.Diagnostics;
import io.flafka.api.config.DidYouMean;
import io.flafka.api.config.Validators;
import java.nio.charset.Charset;
import java.nio.charset.IllegalCharsetNameException;
import java.nio.charset.UnsupportedCharsetException;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * Builds an agent's config filters from {@code <agent>.configfilters = f1 f2} and
 * {@code <agent>.configfilters.<f>.*}. Supported types: {@code env} (the key names an environment
 * variable) and {@code external} (runs a command). Flume's {@code hadoop} credential-store filter is
 * refused with an explanation.
 */
final class ConfigFilters {
    static final ConfigKey<String> COMMAND = ConfigKey.stringKey("command").required()
            .validator(Validators.nonBlank())
            .doc("Executable run as '<command> <key>'; the first line it prints is the value.").build();
    static final ConfigKey<String> CHARSET = ConfigKey.stringKey("charset").defaultValue("UTF-8")
            .doc("Encoding of the command's output.").build();
    static final ConfigKey<Long> TIMEOUT = ConfigKey.longKey("timeoutMillis").defaultValue(10_000L)
            .validator(Validators.atLeast(1)).doc("How long the command may run, in milliseconds.").build();

    private static final ConfigDef ENV_DEF = ConfigDef.of();
    private static final ConfigDef EXTERNAL_DEF = ConfigDef.of(COMMAND, CHARSET, TIMEOUT);
    private static final String PKG = "org.apache.flume.configfilter.";

    /**
     * Stands in for a listed filter whose own configuration is wrong: references through it fail
     * without a second error, since the filter's error already says what to fix.
     */
    static final ConfigFilter BROKEN = key -> null;

    private ConfigFilters() {
    }

    /**
     * The filters of one agent by name. {@code props} holds the agent's keys without the agent prefix
     * and with their values already substituted.
     */
    static Map<String, ConfigFilter> build(String agent, Map<String, String> props, Function<String, String> env,
                                           Diagnostics diagnostics) {
        Map<String, ConfigFilter> out = new LinkedHashMap<>();
        String list = props.get("configfilters");
        Set<String> listed = new LinkedHashSet<>(list == null ? List.of() : ConfigDef.splitList(list));
        Map<String, Map<String, String>> configured = new LinkedHashMap<>();
        for (Map.Entry<String, String> e : props.entrySet()) {
            String k = e.getKey();
            if (k.startsWith("configfilters.")) {
                String rest = k.substring("configfilters.".length());
                int dot = rest.indexOf('.');
                if (dot > 0) {
                    configured.computeIfAbsent(rest.substring(0, dot), x -> new LinkedHashMap<>())
                            .put(rest.substring(dot + 1), e.getValue());
                }
            }
        }
        for (String name : configured.keySet()) {
            if (!listed.contains(name)) {
                diagnostics.warn(agent + ".configfilters." + name,
                        "configured but not listed in " + agent + ".configfilters; ignored");
            }
        }
        for (String name : listed) {
            String path = agent + ".configfilters." + name + ".";
            Map<String, String> raw = new LinkedHashMap<>(configured.getOrDefault(name, Map.of()));
            String type = raw.remove("type");
            if (type == null) {
                diagnostics.error(path + "type", "is required (env or external)");
                out.put(name, BROKEN);
                continue;
            }
            ConfigFilter f = make(type.trim(), raw, path, env, diagnostics);
            out.put(name, f != null ? f : BROKEN);
        }
        return out;
    }

    private static ConfigFilter make(String type, Map<String, String> raw, String path, Function<String, String> env,
                                     Diagnostics diagnostics) {
        String t = type.toLowerCase(Locale.ROOT);
        if (t.equals("env") || type.equals(PKG + "EnvironmentVariableConfigFilter")) {
            Diagnostics local = new Diagnostics();
            ENV_DEF.validate(raw, path, local);
            diagnostics.addAll(local);
            return local.hasErrors() ? null : key -> env.apply(key);
        }
        if (t.equals("external") || type.equals(PKG + "ExternalProcessConfigFilter")) {
            Diagnostics local = new Diagnostics();
            Config c = EXTERNAL_DEF.validate(raw, path, local);
            Charset charset = null;
            if (!local.hasErrors()) {
                try {
                    charset = Charset.forName(c.get(CHARSET).trim());
                } catch (IllegalCharsetNameException | UnsupportedCharsetException e) {
                    local.error(path + CHARSET.name(), "unknown charset '" + c.get(CHARSET) + "'");
                }
            }
            diagnostics.addAll(local);
            return local.hasErrors() ? null
                    : new ExternalConfigFilter(c.get(COMMAND).trim(), charset, c.get(TIMEOUT));
        }
        if (t.equals("hadoop") || type.equals(PKG + "HadoopCredentialStoreConfigFilter")) {
            diagnostics.error(path + "type", "the 'hadoop' config filter (Hadoop credential store) is not supported;"
                    + " use 'env' or 'external' (a command that prints the secret)");
            return null;
        }
        String hint = DidYouMean.suggest(type, List.of("env", "external", "hadoop"));
        diagnostics.error(path + "type", "unknown config filter type '" + type + "'"
                + (hint == null ? "; use env or external" : "; did you mean '" + hint + "'?"));
        return null;
    }
}
