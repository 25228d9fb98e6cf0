/**
 * Flafka's configuration layer: reads Flume 1.x properties files ({@link io.flafka.core.config.PropertiesFiles}),
 * substitutes {@code ${...}} references and config filters, assembles and validates one agent into an
 * {@link io.flafka.core.config.AgentSpec} ({@link io.flafka.core.config.ConfigLoader}), runs pluggable
 * {@link io.flafka.core.config.TopologyCheck}s, and renders the topology
 * ({@link io.flafka.core.config.TopologyPrinter}) and the configuration reference
 * ({@link io.flafka.core.config.ConfigReference}).
 */
package io.flafka.core.config;
