package io.flafka.core.config;

import io.flafka.api.ComponentKind;
import io.flafka.api.config.Diagnostics;
import io.flafka.api.config.DidYouMean;
import io.flafka.core.registry.ComponentRegistry;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Turns one agent's substituted keys into an {@link AgentSpec}, following Flume's grammar: lists of
 * sources, channels, sinks and sink groups; per source its channels, selector and interceptor chain;
 * per sink its one channel; per group its sinks and processor. Every problem found is added to the
 * diagnostics (it never stops at the first); the spec is returned only when there is none.
 */
final class AgentAssembler {
    /** The selector used when a source configures none. */
    static final String DEFAULT_SELECTOR = "replicating";
    /** The processor used when a sink group configures none. */
    static final String DEFAULT_PROCESSOR = "default";

    private static final Set<String> SECTIONS = Set.of("sources", "channels", "sinks", "sinkgroups", "configfilters");

    private final String agent;
    private final Map<String, String> props;
    private final Diagnostics diagnostics;
    private final ComponentBuilder builder;

    private final Map<String, ComponentSpec> channels = new LinkedHashMap<>();
    private final Map<String, SourceSpec> sources = new LinkedHashMap<>();
    private final Map<String, SinkSpec> sinks = new LinkedHashMap<>();
    private final Map<String, SinkGroupSpec> groups = new LinkedHashMap<>();
    private final Set<String> usedChannels = new HashSet<>();

    /**
     * @param props the agent's keys without the agent prefix ({@code sources.r1.type}), values substituted
     */
    AgentAssembler(ComponentRegistry registry, String agent, Map<String, String> props, Diagnostics diagnostics) {
        this.agent = agent;
        this.props = props;
        this.diagnostics = diagnostics;
        this.builder = new ComponentBuilder(registry, diagnostics);
    }

    /** The agent, or null when anything is wrong. */
    AgentSpec assemble() {
        warnUnknownTopLevelKeys();
        AgentKeys sourceKeys = AgentKeys.of(agent, "sources", props, diagnostics);
        AgentKeys channelKeys = AgentKeys.of(agent, "channels", props, diagnostics);
        AgentKeys sinkKeys = AgentKeys.of(agent, "sinks", props, diagnostics);
        AgentKeys groupKeys = AgentKeys.of(agent, "sinkgroups", props, diagnostics);

        if (sourceKeys.listed.isEmpty() && sinkKeys.listed.isEmpty()) {
            diagnostics.error(agent, "has no sources and no sinks (set " + agent + ".sources and/or "
                    + agent + ".sinks)");
        }
        for (String c : channelKeys.listed) {
            buildChannel(c, channelKeys);
        }
        for (String r : sourceKeys.listed) {
            buildSource(r, sourceKeys, channelKeys.listed);
        }
        for (String k : sinkKeys.listed) {
            buildSink(k, sinkKeys, channelKeys.listed);
        }
        Map<String, String> groupOf = new HashMap<>();
        for (String g : groupKeys.listed) {
            buildGroup(g, groupKeys, sinkKeys.listed, groupOf);
        }
        for (String c : channelKeys.listed) {
            if (!usedChannels.contains(c)) {
                diagnostics.warn(agent + ".channels." + c, "is not used by any source or sink");
            }
        }
        if (diagnostics.hasErrors()) {
            return null;
        }
        return new AgentSpec(agent, sources, channels, sinks, groups);
    }

    private void warnUnknownTopLevelKeys() {
        for (String k : props.keySet()) {
            int dot = k.indexOf('.');
            String first = dot < 0 ? k : k.substring(0, dot);
            if (!SECTIONS.contains(first)) {
                String hint = DidYouMean.suggest(first, SECTIONS);
                diagnostics.warn(agent + "." + k, "unknown agent key; ignored"
                        + (hint == null ? "" : "; did you mean '" + hint + "'?"));
            }
        }
    }

    private void buildChannel(String name, AgentKeys section) {
        Map<String, String> keys = section.keysOf(name, diagnostics);
        if (keys == null) {
            return;
        }
        String type = keys.remove("type");
        ComponentSpec spec = builder.build(ComponentKind.CHANNEL, name, path("channels", name), type, null, keys);
        if (spec != null) {
            channels.put(name, spec);
        }
    }

    private void buildSource(String name, AgentKeys section, Set<String> knownChannels) {
        Map<String, String> keys = section.keysOf(name, diagnostics);
        if (keys == null) {
            return;
        }
        String path = path("sources", name);
        boolean ok = true;
        // Take the structural keys out first: what remains is the source's own configuration.
        String type = keys.remove("type");
        String channelList = keys.remove("channels");
        String singular = keys.remove("channel");
        Map<String, String> selectorKeys = AgentKeys.extract(keys, "selector.");
        String selectorType = selectorKeys.remove("type");
        String interceptorList = keys.remove("interceptors");
        Map<String, String> interceptorKeys = AgentKeys.extract(keys, "interceptors.");

        ComponentSpec source = builder.build(ComponentKind.SOURCE, name, path, type, null, keys);

        String channelKey = "channels";
        if (channelList == null && singular != null) {
            diagnostics.error(path + "channel", "a source names its channels with 'channels' (plural)");
            channelList = singular;
            channelKey = "channel";
            ok = false;
        } else if (singular != null) {
            diagnostics.error(path + "channel", "unknown key; a source names its channels with 'channels'");
            ok = false;
        }
        List<String> chans = new ArrayList<>();
        for (String c : AgentKeys.list(channelList)) {
            if (chans.contains(c)) {
                diagnostics.warn(path + channelKey, "channel '" + c + "' is listed twice; it receives each event once");
            } else {
                chans.add(c);
            }
        }
        if (channelList == null) {
            diagnostics.error(path + "channels", "is required (the channels the source writes to)");
            ok = false;
        } else if (chans.isEmpty()) {
            diagnostics.error(path + "channels", "must name at least one channel");
            ok = false;
        }
        ok &= checkChannels(path + channelKey, chans, knownChannels);
        usedChannels.addAll(chans);

        ReferenceChecks.selectorChannels(path + "selector.", selectorKeys, chans, diagnostics);
        ComponentSpec selector = builder.build(ComponentKind.SELECTOR, name + ".selector", path + "selector.",
                selectorType, DEFAULT_SELECTOR, selectorKeys);
        ok &= selector != null;

        List<ComponentSpec> interceptors = new ArrayList<>();
        ok &= buildInterceptors(name, path, interceptorList, interceptorKeys, interceptors);

        if (source == null || !ok) {
            return;
        }
        for (String c : chans) {
            ComponentSpec ch = channels.get(c);
            if (ch != null) {
                ReferenceChecks.batchFits(source, path, ch, path("channels", c), diagnostics);
            }
        }
        sources.put(name, new SourceSpec(source, List.copyOf(chans), selector, interceptors));
    }

    private boolean buildInterceptors(String source, String path, String list, Map<String, String> all,
                                      List<ComponentSpec> out) {
        Map<String, Map<String, String>> byName = new LinkedHashMap<>();
        for (Map.Entry<String, String> e : all.entrySet()) {
            int dot = e.getKey().indexOf('.');
            if (dot <= 0) {
                diagnostics.warn(path + "interceptors." + e.getKey(),
                        "not an interceptor key (expected interceptors.<name>.<key>); ignored");
                continue;
            }
            byName.computeIfAbsent(e.getKey().substring(0, dot), x -> new LinkedHashMap<>())
                    .put(e.getKey().substring(dot + 1), e.getValue());
        }
        Set<String> listed = new LinkedHashSet<>();
        for (String i : AgentKeys.list(list)) {
            if (!listed.add(i)) {
                diagnostics.warn(path + "interceptors", "'" + i + "' is listed twice");
            }
        }
        for (String i : byName.keySet()) {
            if (!listed.contains(i)) {
                diagnostics.warn(path + "interceptors." + i, "configured but not listed in " + path
                        + "interceptors; ignored");
            }
        }
        boolean ok = true;
        for (String i : listed) {
            Map<String, String> raw = byName.get(i);
            String ipath = path + "interceptors." + i + ".";
            if (raw == null) {
                diagnostics.error(ipath + "type", "is required (interceptor '" + i + "' is listed in " + path
                        + "interceptors but not configured)");
                ok = false;
                continue;
            }
            String type = raw.remove("type");
            ComponentSpec spec = builder.build(ComponentKind.INTERCEPTOR, source + "." + i, ipath, type, null, raw);
            if (spec == null) {
                ok = false;
            } else {
                out.add(spec);
            }
        }
        return ok;
    }

    private void buildSink(String name, AgentKeys section, Set<String> knownChannels) {
        Map<String, String> keys = section.keysOf(name, diagnostics);
        if (keys == null) {
            return;
        }
        String path = path("sinks", name);
        boolean ok = true;
        String type = keys.remove("type");
        String channel = keys.remove("channel");
        String plural = keys.remove("channels");
        String channelKey = "channel";
        if (channel == null && plural != null) {
            diagnostics.error(path + "channels", "a sink reads exactly one channel, named with 'channel'");
            channel = plural;
            channelKey = "channels";
            ok = false;
        } else if (plural != null) {
            diagnostics.error(path + "channels", "unknown key; a sink reads exactly one channel, named with 'channel'");
            ok = false;
        }
        List<String> chans = AgentKeys.list(channel);
        String ch = null;
        if (channel == null) {
            diagnostics.error(path + "channel", "is required (the one channel the sink reads)");
            ok = false;
        } else if (chans.size() != 1) {
            diagnostics.error(path + channelKey, chans.isEmpty() ? "must name a channel"
                    : "a sink reads exactly one channel, but " + chans.size() + " are named ("
                    + String.join(", ", chans) + ")");
            ok = false;
            usedChannels.addAll(chans);
        } else {
            ch = chans.get(0);
            usedChannels.add(ch);
            ok &= checkChannels(path + channelKey, chans, knownChannels);
        }
        ComponentSpec sink = builder.build(ComponentKind.SINK, name, path, type, null, keys);
        if (sink == null || !ok) {
            return;
        }
        ComponentSpec chSpec = channels.get(ch);
        if (chSpec != null) {
            ReferenceChecks.batchFits(sink, path, chSpec, path("channels", ch), diagnostics);
        }
        sinks.put(name, new SinkSpec(sink, ch));
    }

    private void buildGroup(String name, AgentKeys section, Set<String> knownSinks, Map<String, String> groupOf) {
        Map<String, String> keys = section.keysOf(name, diagnostics);
        if (keys == null) {
            return;
        }
        String path = path("sinkgroups", name);
        boolean ok = true;
        String sinkList = keys.remove("sinks");
        List<String> members = new ArrayList<>();
        if (sinkList == null) {
            diagnostics.error(path + "sinks", "is required (the sinks of the group)");
            ok = false;
        } else if (AgentKeys.list(sinkList).isEmpty()) {
            diagnostics.error(path + "sinks", "must name at least one sink");
            ok = false;
        }
        for (String s : AgentKeys.list(sinkList)) {
            if (members.contains(s)) {
                diagnostics.error(path + "sinks", "sink '" + s + "' is listed twice");
                ok = false;
                continue;
            }
            members.add(s);
            if (!knownSinks.contains(s)) {
                String hint = DidYouMean.suggest(s, knownSinks);
                diagnostics.error(path + "sinks", "unknown sink '" + s + "'"
                        + (hint == null ? " (not listed in " + agent + ".sinks)" : "; did you mean '" + hint + "'?"));
                ok = false;
                continue;
            }
            String other = groupOf.putIfAbsent(s, name);
            if (other != null) {
                diagnostics.error(path + "sinks", "sink '" + s + "' is already in sink group '" + other
                        + "'; a sink can be in one group only");
                ok = false;
            }
        }
        Map<String, String> processorKeys = AgentKeys.extract(keys, "processor.");
        String processorType = processorKeys.remove("type");
        for (String k : keys.keySet()) {
            String hint = DidYouMean.suggest(k, List.of("sinks", "processor.type"));
            diagnostics.error(path + k, "unknown key" + (hint == null ? " (a sink group has 'sinks' and 'processor.*')"
                    : "; did you mean '" + hint + "'?"));
            ok = false;
        }
        ReferenceChecks.processorSinks(path + "processor.", processorKeys, members, diagnostics);
        ComponentSpec processor = builder.build(ComponentKind.SINK_PROCESSOR, name + ".processor",
                path + "processor.", processorType, DEFAULT_PROCESSOR, processorKeys);
        if (processor != null && ok) {
            groups.put(name, new SinkGroupSpec(name, List.copyOf(members), processor));
        }
    }

    private boolean checkChannels(String keyPath, List<String> names, Set<String> known) {
        boolean ok = true;
        for (String c : names) {
            if (!known.contains(c)) {
                String hint = DidYouMean.suggest(c, known);
                diagnostics.error(keyPath, "unknown channel '" + c + "'"
                        + (hint == null ? " (not listed in " + agent + ".channels)" : "; did you mean '" + hint + "'?"));
                ok = false;
            }
        }
        return ok;
    }

    private String path(String word, String name) {
        return agent + "." + word + "." + name + ".";
    }
}
