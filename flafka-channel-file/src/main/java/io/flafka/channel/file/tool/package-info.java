/** Offline tools over a file channel's directories: {@link io.flafka.channel.file.tool.ChannelInspector}. */
package io.flafka.channel.file.tool;
