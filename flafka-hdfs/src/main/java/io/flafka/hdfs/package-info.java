/**
 * Flume's HDFS sink ({@code hdfs}) on Hadoop's shaded client. Hadoop types stay inside this package:
 * the rest of the agent sees only {@link io.flafka.hdfs.HdfsSinkProvider} and the SPI's
 * {@link io.flafka.api.Sink}.
 */
package io.flafka.hdfs;
