/**
 * The agent runtime: {@link io.flafka.core.runtime.Agent} builds an {@link io.flafka.core.config.AgentSpec}
 * into running units (channels, sinks, sink groups, sources), drives pollable sources and sinks on
 * runner threads that own the retry and backoff policy, retries failed starts from a supervisor thread,
 * reconfigures by restarting only what changed, and stops gracefully.
 * {@link io.flafka.core.runtime.ChannelProcessorImpl} is how sources reach their channels.
 */
package io.flafka.core.runtime;
