/**
 * The durable file channel ({@code type = file}, Flume's {@code org.apache.flume.channel.file.FileChannel}).
 *
 * <h2>Promise</h2>
 * An event whose put committed is never lost, whatever happens to the process: with
 * {@code fsyncPerTransaction = true} (the default) a put commit returns only after its record is on disk,
 * so it survives {@code kill -9}, an OOM kill and a power loss. With {@code fsyncPerTransaction = false}
 * a put commit returns once its record is in the operating system's page cache: {@code kill -9} still
 * loses nothing (the page cache outlives the process), but a power loss or kernel crash loses up to
 * {@code fsyncInterval} seconds of committed events. Take commits are written at once but made durable
 * by the next fsync unless {@code fsyncOnTake}: after a power loss a taken event may be delivered again,
 * never lost (at-least-once, like every Flume channel).
 *
 * <h2>Design</h2>
 * <ul>
 *   <li>{@link io.flafka.channel.file.LogWriter}: an append-only write-ahead log of segment files per data
 *       directory. A transaction's commit is one record (all of its puts, or the pointers of all of its
 *       takes), length-prefixed and CRC32C-checked ({@link io.flafka.channel.file.RecordFormat}); a
 *       rollback writes nothing. Group commit: concurrent commits share one {@code force(false)}; several
 *       data directories are written and fsynced in parallel.</li>
 *   <li>{@link io.flafka.channel.file.PendingQueue}: the in-memory index of pending events (segment id +
 *       offset), with recent events cached ({@code cacheBytes}) so takes rarely read the disk.</li>
 *   <li>{@link io.flafka.channel.file.Checkpoint}: every {@code checkpointInterval} (and on a clean stop) the
 *       pending pointers and the log positions they reflect are written atomically (temp file, fsync,
 *       rename), so a restart reads only the log written since.</li>
 *   <li>{@link io.flafka.channel.file.Recovery}: loads the checkpoint (or the backup, or replays everything),
 *       replays the log after it, truncates a torn tail, skips and reports a damaged record.</li>
 *   <li>A segment is deleted once none of its events is pending and a checkpoint past it is on disk, oldest
 *       first per directory. Each directory is locked ({@code in_use.lock}) by one channel.</li>
 * </ul>
 * See {@code flafka-channel-file/README.md} for the full description and measurements.
 */
package io.flafka.channel.file;
