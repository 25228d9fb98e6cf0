/**
 * Flafka's basic sources: {@code seq} (a pollable generator for testing pipelines), {@code netcat}
 * (lines over TCP, acknowledged per line once committed) and {@code netcatudp} (lines in UDP
 * datagrams, no acknowledgement). Each is made by a {@link io.flafka.api.ComponentProvider} listed for
 * ServiceLoader under its Flume alias and class name. Sources count {@code EventReceivedCount}; the
 * runtime's channel processor counts what the channels accepted or refused.
 */
package io.flafka.core.source;
