package io.flafka.core.runtime;

import io.flafka.api.config.ConfigException;
import io.flafka.core.config.AgentSpec;
import io.flafka.core.config.ComponentSpec;
import io.flafka.core.config.SinkGroupSpec;
import io.flafka.core.config.SinkSpec;
import io.flafka.core.config.SourceSpec;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The units an agent spec needs, reusing the running units that need no restart. A unit is reused
 * when its spec is {@code sameAs} the running one and every channel unit it uses is reused too, so a
 * changed channel takes its sources and sinks with it. Sinks in a sink group belong to the group's
 * unit ({@code group:<name>}); the others get their own ({@code sink:<name>}).
 *
 * @param channels every channel unit, by name
 * @param sinkUnits every sink and sink group unit, by key
 * @param sources every source unit, by name
 * @param created the units that are new (not running yet)
 */
record Plan(Map<String, ChannelUnit> channels, Map<String, Unit> sinkUnits, Map<String, SourceUnit> sources,
            List<Unit> created) {

    /** Plans {@code next} against the running units (empty maps for a first start). */
    static Plan of(AgentSpec next, Map<String, ChannelUnit> runningChannels, Map<String, Unit> runningSinkUnits,
                   Map<String, SourceUnit> runningSources, Components components) {
        Plan p = new Plan(new LinkedHashMap<>(), new LinkedHashMap<>(), new LinkedHashMap<>(), new ArrayList<>());
        for (Map.Entry<String, ComponentSpec> e : next.channels().entrySet()) {
            ChannelUnit cur = runningChannels.get(e.getKey());
            if (cur != null && cur.spec().sameAs(e.getValue())) {
                p.channels.put(e.getKey(), cur);
            } else {
                p.add(p.channels, e.getKey(), new ChannelUnit(e.getValue(), components));
            }
        }
        Set<String> grouped = new HashSet<>();
        for (SinkGroupSpec g : next.sinkGroups().values()) {
            grouped.addAll(g.sinks());
            String key = "group:" + g.name();
            List<SinkSpec> members = new ArrayList<>();
            Map<String, ChannelUnit> channelBySink = new LinkedHashMap<>();
            for (String s : g.sinks()) {
                SinkSpec m = sinkSpec(next, s);
                members.add(m);
                channelBySink.put(s, p.channelUnit(m.channel(), "sink '" + s + "'"));
            }
            Unit cur = runningSinkUnits.get(key);
            if (cur instanceof SinkGroupUnit gu && gu.spec().sameAs(g) && sameMembers(gu, members, channelBySink)) {
                p.sinkUnits.put(key, gu);
            } else {
                p.add(p.sinkUnits, key, new SinkGroupUnit(g, members, channelBySink, components));
            }
        }
        for (SinkSpec s : next.sinks().values()) {
            if (grouped.contains(s.name())) {
                continue;
            }
            String key = "sink:" + s.name();
            ChannelUnit ch = p.channelUnit(s.channel(), "sink '" + s.name() + "'");
            Unit cur = runningSinkUnits.get(key);
            if (cur instanceof SinkUnit su && su.spec().sameAs(s) && su.channelUnit() == ch) {
                p.sinkUnits.put(key, su);
            } else {
                p.add(p.sinkUnits, key, new SinkUnit(s, ch, components));
            }
        }
        for (SourceSpec s : next.sources().values()) {
            Map<String, ChannelUnit> chans = new LinkedHashMap<>();
            for (String c : s.channels()) {
                chans.put(c, p.channelUnit(c, "source '" + s.name() + "'"));
            }
            SourceUnit cur = runningSources.get(s.name());
            if (cur != null && cur.spec().sameAs(s) && cur.channelUnits().equals(chans)) {
                p.sources.put(s.name(), cur);
            } else {
                p.add(p.sources, s.name(), new SourceUnit(s, chans, components));
            }
        }
        return p;
    }

    private <U extends Unit> void add(Map<String, ? super U> into, String key, U unit) {
        into.put(key, unit);
        created.add(unit);
    }

    private ChannelUnit channelUnit(String name, String user) {
        ChannelUnit c = channels.get(name);
        if (c == null) {
            throw new ConfigException(user, "uses channel '" + name + "', which is not defined");
        }
        return c;
    }

    private static boolean sameMembers(SinkGroupUnit gu, List<SinkSpec> members, Map<String, ChannelUnit> channelBySink) {
        List<SinkSpec> old = gu.members();
        if (old.size() != members.size()) {
            return false;
        }
        for (int i = 0; i < old.size(); i++) {
            if (!old.get(i).sameAs(members.get(i))) {
                return false;
            }
        }
        return gu.channelBySink().equals(channelBySink);
    }

    private static SinkSpec sinkSpec(AgentSpec next, String name) {
        SinkSpec s = next.sinks().get(name);
        if (s == null) {
            throw new ConfigException(next.agentName() + ".sinkgroups", "sink '" + name + "' is not defined");
        }
        return s;
    }
}
