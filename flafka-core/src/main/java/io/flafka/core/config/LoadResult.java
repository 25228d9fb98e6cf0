package io.flafka.core.config;

import io.flafka.api.config.Diagnostics;

/**
 * What loading a configuration produced.
 *
 * @param spec the validated agent, or null when {@code diagnostics} has errors
 * @param diagnostics every error, warning and note found
 */
public record LoadResult(AgentSpec spec, Diagnostics diagnostics) {

    public boolean ok() {
        return spec != null && !diagnostics.hasErrors();
    }
}
