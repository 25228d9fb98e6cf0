/**
 * The spooling directory source and its deserializers (LINE, AVRO, blob), with a crash-safe read
 * position for the file in progress.
 */
package io.flafka.sources.spooldir;
