/** Channels shipped with the core: the {@link io.flafka.core.channel.MemoryChannel}. */
package io.flafka.core.channel;
