/**
 * The TAILDIR source: tails files by inode through rotation and saves only committed positions, in
 * Flume's position-file format.
 */
package io.flafka.sources.taildir;
