package io.flafka.core.config;

import io.flafka.api.config.Diagnostics;

/** A topology check for tests: warns about sinks named {@code loop*}, refuses a sink named {@code forbidden}. */
public class LoopNameCheck implements TopologyCheck {
    @Override
    public void check(AgentSpec spec, Diagnostics diagnostics) {
        for (SinkSpec s : spec.sinks().values()) {
            if (s.name().startsWith("loop")) {
                diagnostics.warn(spec.agentName() + ".sinks." + s.name(), "looks like a loop");
            }
            if (s.name().equals("forbidden")) {
                diagnostics.error(spec.agentName() + ".sinks." + s.name(), "is forbidden");
            }
        }
    }
}
