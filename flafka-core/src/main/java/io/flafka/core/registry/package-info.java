/**
 * Component discovery: {@link io.flafka.core.registry.ComponentRegistry} resolves a {@code type} value
 * (Flafka name, Flume alias, Flume class name, or a user class) to a
 * {@link io.flafka.core.registry.ComponentFactory}; {@link io.flafka.core.registry.PluginDirectories}
 * builds the class loader over Flume's {@code plugins.d} layout.
 */
package io.flafka.core.registry;
