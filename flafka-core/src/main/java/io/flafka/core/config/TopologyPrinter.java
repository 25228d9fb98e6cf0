package io.flafka.core.config;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Renders an agent's wiring: as indented text for people, as a Mermaid flowchart, or as a Graphviz
 * DOT digraph. Only names and types are shown, never configuration values. Output follows the
 * spec's order, so it is deterministic.
 */
public final class TopologyPrinter {
    private TopologyPrinter() {
    }

    /**
     * A readable tree, one line per component, e.g.
     * <pre>
     * agent a1
     *   source r1 (netcat) -> selector replicating -> [c1 (memory)] ; interceptors: i1 (timestamp)
     *   channel c1 (memory)
     *   sink k1 (logger) &lt;- c1
     *   sinkgroup g1 (failover): k1, k2
     * </pre>
     */
    public static String text(AgentSpec s) {
        StringBuilder out = new StringBuilder("agent ").append(s.agentName()).append('\n');
        for (SourceSpec src : s.sources().values()) {
            out.append("  source ").append(src.name()).append(" (").append(type(src.component())).append(")")
                    .append(" -> selector ").append(type(src.selector())).append(" -> [");
            List<String> chans = new ArrayList<>();
            for (String c : src.channels()) {
                ComponentSpec ch = s.channels().get(c);
                chans.add(ch == null ? c : c + " (" + type(ch) + ")");
            }
            out.append(String.join(", ", chans)).append(']');
            if (!src.interceptors().isEmpty()) {
                List<String> is = new ArrayList<>();
                for (ComponentSpec i : src.interceptors()) {
                    is.add(shortName(i.name()) + " (" + type(i) + ")");
                }
                out.append(" ; interceptors: ").append(String.join(", ", is));
            }
            out.append('\n');
        }
        for (ComponentSpec ch : s.channels().values()) {
            out.append("  channel ").append(ch.name()).append(" (").append(type(ch)).append(")\n");
        }
        for (SinkSpec k : s.sinks().values()) {
            out.append("  sink ").append(k.name()).append(" (").append(type(k.component())).append(") <- ")
                    .append(k.channel()).append('\n');
        }
        for (SinkGroupSpec g : s.sinkGroups().values()) {
            out.append("  sinkgroup ").append(g.name()).append(" (").append(type(g.processor())).append("): ")
                    .append(String.join(", ", g.sinks())).append('\n');
        }
        return out.toString();
    }

    /** A Mermaid {@code flowchart LR}; sink groups are subgraphs. */
    public static String mermaid(AgentSpec s) {
        Ids ids = new Ids(s);
        StringBuilder out = new StringBuilder("flowchart LR\n");
        for (SourceSpec src : s.sources().values()) {
            out.append("  ").append(ids.source(src.name())).append("[\"")
                    .append(mermaidText(sourceLabel(src))).append("\"]\n");
        }
        for (ComponentSpec ch : s.channels().values()) {
            out.append("  ").append(ids.channel(ch.name())).append("[(\"")
                    .append(mermaidText("channel " + ch.name() + " (" + type(ch) + ")")).append("\")]\n");
        }
        Set<String> grouped = new HashSet<>();
        for (SinkGroupSpec g : s.sinkGroups().values()) {
            out.append("  subgraph ").append(ids.group(g.name())).append("[\"")
                    .append(mermaidText("sinkgroup " + g.name() + " (" + type(g.processor()) + ")")).append("\"]\n");
            for (String k : g.sinks()) {
                SinkSpec sink = s.sinks().get(k);
                if (sink != null) {
                    out.append("    ").append(ids.sink(k)).append("[\"").append(mermaidText(sinkLabel(sink)))
                            .append("\"]\n");
                    grouped.add(k);
                }
            }
            out.append("  end\n");
        }
        for (SinkSpec k : s.sinks().values()) {
            if (!grouped.contains(k.name())) {
                out.append("  ").append(ids.sink(k.name())).append("[\"").append(mermaidText(sinkLabel(k)))
                        .append("\"]\n");
            }
        }
        for (SourceSpec src : s.sources().values()) {
            for (String c : src.channels()) {
                out.append("  ").append(ids.source(src.name())).append(" -->|")
                        .append(mermaidText(type(src.selector()))).append("| ").append(ids.channel(c)).append('\n');
            }
        }
        for (SinkSpec k : s.sinks().values()) {
            out.append("  ").append(ids.channel(k.channel())).append(" --> ").append(ids.sink(k.name())).append('\n');
        }
        return out.toString();
    }

    /** A Graphviz {@code digraph}; sink groups are clusters. */
    public static String dot(AgentSpec s) {
        Ids ids = new Ids(s);
        StringBuilder out = new StringBuilder("digraph ").append(dotString(s.agentName())).append(" {\n")
                .append("  rankdir=LR;\n");
        for (SourceSpec src : s.sources().values()) {
            out.append("  ").append(ids.source(src.name())).append(" [shape=box, label=")
                    .append(dotString(sourceLabel(src))).append("];\n");
        }
        for (ComponentSpec ch : s.channels().values()) {
            out.append("  ").append(ids.channel(ch.name())).append(" [shape=cylinder, label=")
                    .append(dotString("channel " + ch.name() + " (" + type(ch) + ")")).append("];\n");
        }
        Set<String> grouped = new HashSet<>();
        for (SinkGroupSpec g : s.sinkGroups().values()) {
            out.append("  subgraph cluster_").append(ids.group(g.name())).append(" {\n    label=")
                    .append(dotString("sinkgroup " + g.name() + " (" + type(g.processor()) + ")")).append(";\n");
            for (String k : g.sinks()) {
                SinkSpec sink = s.sinks().get(k);
                if (sink != null) {
                    out.append("    ").append(ids.sink(k)).append(" [shape=box, label=")
                            .append(dotString(sinkLabel(sink))).append("];\n");
                    grouped.add(k);
                }
            }
            out.append("  }\n");
        }
        for (SinkSpec k : s.sinks().values()) {
            if (!grouped.contains(k.name())) {
                out.append("  ").append(ids.sink(k.name())).append(" [shape=box, label=")
                        .append(dotString(sinkLabel(k))).append("];\n");
            }
        }
        for (SourceSpec src : s.sources().values()) {
            for (String c : src.channels()) {
                out.append("  ").append(ids.source(src.name())).append(" -> ").append(ids.channel(c))
                        .append(" [label=").append(dotString(type(src.selector()))).append("];\n");
            }
        }
        for (SinkSpec k : s.sinks().values()) {
            out.append("  ").append(ids.channel(k.channel())).append(" -> ").append(ids.sink(k.name())).append(";\n");
        }
        return out.append("}\n").toString();
    }

    private static String sourceLabel(SourceSpec src) {
        StringBuilder l = new StringBuilder("source ").append(src.name()).append(" (")
                .append(type(src.component())).append(')');
        for (ComponentSpec i : src.interceptors()) {
            l.append(" | ").append(shortName(i.name())).append(" (").append(type(i)).append(')');
        }
        return l.toString();
    }

    private static String sinkLabel(SinkSpec k) {
        return "sink " + k.name() + " (" + type(k.component()) + ")";
    }

    /** The canonical type name (a provider's type, or a user class name). */
    private static String type(ComponentSpec c) {
        return c.factory().typeName();
    }

    /** {@code r1.i1} is shown as {@code i1} inside its source. */
    private static String shortName(String qualified) {
        int dot = qualified.indexOf('.');
        return dot < 0 ? qualified : qualified.substring(dot + 1);
    }

    private static String mermaidText(String s) {
        return s.replace("\"", "#quot;").replace("|", "#124;").replace("\n", " ");
    }

    private static String dotString(String s) {
        return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n") + "\"";
    }

    /** Node ids made from positions, so any component name gives a valid identifier. */
    private static final class Ids {
        private final Map<String, String> ids = new HashMap<>();

        Ids(AgentSpec s) {
            int i = 0;
            for (String n : s.sources().keySet()) {
                ids.put("r:" + n, "source" + i++);
            }
            i = 0;
            for (String n : s.channels().keySet()) {
                ids.put("c:" + n, "channel" + i++);
            }
            i = 0;
            for (String n : s.sinks().keySet()) {
                ids.put("k:" + n, "sink" + i++);
            }
            i = 0;
            for (String n : s.sinkGroups().keySet()) {
                ids.put("g:" + n, "group" + i++);
            }
        }

        String source(String n) {
            return ids.get("r:" + n);
        }

        String channel(String n) {
            return ids.getOrDefault("c:" + n, "missing_channel");
        }

        String sink(String n) {
            return ids.get("k:" + n);
        }

        String group(String n) {
            return ids.get("g:" + n);
        }
    }
}
