package io.flafka.core.config;

import io.flafka.api.ComponentKind;
import io.flafka.api.ComponentProvider;
import io.flafka.api.config.ConfigDef;
import io.flafka.api.config.ConfigKey;
import io.flafka.api.config.Secrets;
import io.flafka.api.config.Validator;
import io.flafka.core.registry.ComponentRegistry;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;

/**
 * Generates the configuration reference (Markdown) from every provider's declaration: per kind, per
 * type, its aliases, description, keys (type, default, required, documentation, valid values, other
 * spellings), pass-through prefixes, refused and ignored keys. Kinds follow {@link ComponentKind}'s
 * order, types are sorted by name and keys keep their declaration order, so the output is deterministic.
 */
public final class ConfigReference {
    private ConfigReference() {
    }

    /** The whole reference. */
    public static String markdown(ComponentRegistry r) {
        StringBuilder out = new StringBuilder("# Flafka configuration reference\n\n")
                .append("Generated from the components' declarations. Keys are relative to the component's prefix,")
                .append(" e.g. `capacity` is `<agent>.channels.<name>.capacity`.\n\n");
        for (ComponentKind kind : ComponentKind.values()) {
            out.append("## ").append(title(kind)).append("\n\n").append(structure(kind)).append("\n\n");
            List<ComponentProvider<?>> providers = r.providers(kind);
            if (providers.isEmpty()) {
                out.append("No ").append(ComponentRegistry.word(kind)).append(" types are installed.\n\n");
            }
            for (ComponentProvider<?> p : providers) {
                provider(p, out);
            }
        }
        return out.toString();
    }

    private static void provider(ComponentProvider<?> p, StringBuilder out) {
        out.append("### `").append(p.type()).append("`\n\n");
        String description = p.description();
        if (description != null && !description.isBlank()) {
            out.append(description.trim()).append("\n\n");
        }
        Collection<String> aliases = p.aliases() == null ? List.of() : new TreeSet<>(p.aliases());
        if (!aliases.isEmpty()) {
            out.append("Also accepted as: ").append(codes(aliases)).append(".\n\n");
        }
        out.append("Provider: `").append(p.getClass().getName()).append("`\n\n");
        ConfigDef def = p.configDef();
        if (def.keys().isEmpty()) {
            out.append(def.isOpen() ? "Accepts any key.\n\n" : "No keys.\n\n");
        } else {
            out.append("| Key | Type | Default | Required | Description | Valid values | Other spellings |\n")
                    .append("|---|---|---|---|---|---|---|\n");
            for (ConfigKey<?> k : def.keys().values()) {
                out.append("| `").append(k.name()).append("` | ").append(k.type().name().toLowerCase(Locale.ROOT))
                        .append(" | ").append(defaultOf(k)).append(" | ").append(k.required() ? "yes" : "no")
                        .append(" | ").append(cell(k.doc())).append(" | ").append(cell(describe(k.validator())))
                        .append(" | ").append(spellings(k)).append(" |\n");
            }
            out.append('\n');
            if (def.isOpen()) {
                out.append("Also accepts any other key.\n\n");
            }
        }
        if (def.batchSizeKey() != null) {
            out.append("Batch size: `").append(def.batchSizeKey())
                    .append("` (must not exceed the transaction capacity of its channels).\n\n");
        }
        if (def.transactionCapacityKey() != null) {
            out.append("Transaction capacity: `").append(def.transactionCapacityKey()).append("`.\n\n");
        }
        table("Pass-through prefix", "Description", def.prefixes(), out);
        table("Refused key", "Why", def.refused(), out);
        table("Ignored key", "Why", def.ignored(), out);
    }

    private static void table(String keyTitle, String valueTitle, Map<String, String> rows, StringBuilder out) {
        if (rows.isEmpty()) {
            return;
        }
        out.append("| ").append(keyTitle).append(" | ").append(valueTitle).append(" |\n|---|---|\n");
        for (Map.Entry<String, String> e : rows.entrySet()) {
            out.append("| `").append(e.getKey()).append("` | ").append(cell(e.getValue())).append(" |\n");
        }
        out.append('\n');
    }

    private static String defaultOf(ConfigKey<?> k) {
        Object v = k.defaultValue();
        if (v == null) {
            return "";
        }
        if (k.secret() || Secrets.isSecretKey(k.name())) {
            return Secrets.MASK;
        }
        String s = v instanceof List<?> l ? String.join(" ", l.stream().map(String::valueOf).toList()) : v.toString();
        return s.isEmpty() ? "(empty)" : "`" + s.replace("`", "'").replace("|", "\\|") + "`";
    }

    private static String describe(Validator<?> v) {
        return v == null ? "" : v.describe();
    }

    private static String spellings(ConfigKey<?> k) {
        List<String> parts = new ArrayList<>();
        for (String a : k.aliases()) {
            parts.add("`" + a + "`");
        }
        for (String d : k.deprecatedNames()) {
            parts.add("`" + d + "` (deprecated)");
        }
        return String.join(", ", parts);
    }

    private static String codes(Collection<String> names) {
        List<String> out = new ArrayList<>();
        for (String n : names) {
            out.add("`" + n + "`");
        }
        return String.join(", ", out);
    }

    private static String cell(String s) {
        return s == null ? "" : s.replace("|", "\\|").replace("\r", " ").replace("\n", " ").trim();
    }

    private static String title(ComponentKind kind) {
        return switch (kind) {
            case SOURCE -> "Sources";
            case CHANNEL -> "Channels";
            case SINK -> "Sinks";
            case INTERCEPTOR -> "Interceptors";
            case SELECTOR -> "Channel selectors";
            case SINK_PROCESSOR -> "Sink processors";
        };
    }

    private static String structure(ComponentKind kind) {
        return switch (kind) {
            case SOURCE -> "`<agent>.sources = r1 ...`; per source: `type`, `channels` (one or more),"
                    + " `selector.type` + `selector.*`, `interceptors` + `interceptors.<i>.type` + `interceptors.<i>.*`,"
                    + " then the keys below.";
            case CHANNEL -> "`<agent>.channels = c1 ...`; per channel: `type`, then the keys below.";
            case SINK -> "`<agent>.sinks = k1 ...`; per sink: `type`, `channel` (exactly one), then the keys below.";
            case INTERCEPTOR -> "`<agent>.sources.<r>.interceptors = i1 ...` (an ordered chain); per interceptor:"
                    + " `type`, then the keys below, under `<agent>.sources.<r>.interceptors.<i>.`.";
            case SELECTOR -> "`<agent>.sources.<r>.selector.type` (default `replicating`), then the keys below,"
                    + " under `<agent>.sources.<r>.selector.`.";
            case SINK_PROCESSOR -> "`<agent>.sinkgroups = g1 ...`; per group: `sinks`, `processor.type` (default"
                    + " `default`), then the keys below, under `<agent>.sinkgroups.<g>.processor.`.";
        };
    }
}
