/**
 * Event serializers shared by file-writing sinks ({@code file_roll} here, HDFS elsewhere): Flume's
 * {@code TEXT} and {@code HEADER_AND_TEXT} formats, found by name through
 * {@link io.flafka.core.serialization.EventSerializers}.
 */
package io.flafka.core.serialization;
