package io.flafka.hdfs;

import io.flafka.api.metrics.SinkCounter;
import java.io.IOException;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.hdfs.DistributedFileSystem;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Closes finished files and renames them from their in-use name to their final name, and makes sure a
 * failed close never leaves data behind an in-use name (Flume's stuck {@code .tmp} files):
 * <ol>
 *   <li>the close is tried once, bounded by {@code hdfs.callTimeout};</li>
 *   <li>if it fails, later attempts (on the roll-timer threads, every {@code hdfs.retryInterval}, up to
 *   {@code hdfs.closeTries}, 0 = until done) close again and, on HDFS, recover the file's lease with
 *   {@link DistributedFileSystem#recoverLease} (which closes it on the namenode's side);</li>
 *   <li>once closed, or once the attempts are used up, the file is renamed anyway: every byte that was
 *   hflushed before its batch committed is in it.</li>
 * </ol>
 * A rename that fails is retried every {@code hdfs.retryInterval} until it succeeds or the sink stops;
 * a file left at a stop is recovered by the next start. A rename never overwrites an existing file.
 *
 * <p>Thread-safe: the runner thread closes rolled files; retries run on the roll-timer threads.
 */
final class FileCloser {
    private static final Logger LOG = LoggerFactory.getLogger(FileCloser.class);
    private static final long LEASE_POLL_MS = 200;

    private final String sinkName;
    private final FileSystem fs;
    private final HdfsCalls calls;
    private final ScheduledExecutorService timer;
    private final int closeTries;
    private final long retryIntervalMs;
    private final long leaseWaitMs;
    private final SinkCounter counter;

    FileCloser(String sinkName, FileSystem fs, HdfsCalls calls, ScheduledExecutorService timer, int closeTries,
               long retryIntervalMs, long leaseWaitMs, SinkCounter counter) {
        this.sinkName = sinkName;
        this.fs = fs;
        this.calls = calls;
        this.timer = timer;
        this.closeTries = closeTries;
        this.retryIntervalMs = retryIntervalMs;
        this.leaseWaitMs = leaseWaitMs;
        this.counter = counter;
    }

    /**
     * Closes the writer and renames its file; a failure is handed to the retries, never thrown.
     *
     * @return true when the file is closed and renamed now
     */
    boolean closeAndRename(HdfsWriter writer, Path inUse, Path target) {
        try {
            calls.call("close " + inUse, () -> {
                writer.close();
                return null;
            });
            counter.increment(SinkCounter.CONNECTION_CLOSED);
        } catch (IOException | RuntimeException e) {
            counter.increment(SinkCounter.CONNECTION_FAILED);
            LOG.warn("HDFS sink {}: closing {} failed ({}); will {}then rename it", sinkName, inUse, e.toString(),
                    fs instanceof DistributedFileSystem ? "recover its lease and " : "");
            schedule(() -> retryClose(writer, inUse, target, 1), 0);
            return false;
        }
        return renameOrRetry(inUse, target);
    }

    private void retryClose(HdfsWriter writer, Path inUse, Path target, int attempt) {
        boolean closed = false;
        try {
            writer.close();
            closed = true;
        } catch (IOException | RuntimeException e) {
            LOG.debug("HDFS sink {}: close attempt {} of {} failed: {}", sinkName, attempt + 1, inUse, e.toString());
        }
        if (!closed) {
            closed = recoverLease(inUse, leaseWaitMs);
        }
        boolean exhausted = closeTries > 0 && attempt + 1 >= closeTries;
        if (closed || exhausted || !(fs instanceof DistributedFileSystem)) {
            if (!closed && fs instanceof DistributedFileSystem) {
                LOG.warn("HDFS sink {}: {} still not closed after {} attempts (hdfs.closeTries); renaming it anyway",
                        sinkName, inUse, attempt + 1);
            }
            renameOrRetry(inUse, target);
        } else {
            schedule(() -> retryClose(writer, inUse, target, attempt + 1), retryIntervalMs);
        }
    }

    /**
     * On HDFS, asks the namenode to recover the file's lease and waits up to {@code waitMs} for the
     * file to be closed; true when it is. Other file systems have no leases: true.
     */
    boolean recoverLease(Path path, long waitMs) {
        return startLeaseRecovery(path) || awaitClosed(path, System.currentTimeMillis() + waitMs);
    }

    /** Starts lease recovery (HDFS); true when the file is closed already. Other file systems: true. */
    boolean startLeaseRecovery(Path path) {
        if (!(fs instanceof DistributedFileSystem dfs)) {
            return true;
        }
        try {
            return dfs.recoverLease(path);
        } catch (IOException e) {
            LOG.warn("HDFS sink {}: lease recovery of {} failed: {}", sinkName, path, e.toString());
            return false;
        }
    }

    /** Waits until the namenode reports the file closed, or the deadline (epoch ms) passes. */
    boolean awaitClosed(Path path, long deadline) {
        if (!(fs instanceof DistributedFileSystem dfs)) {
            return true;
        }
        try {
            while (true) {
                if (dfs.isFileClosed(path)) {
                    return true;
                }
                if (System.currentTimeMillis() >= deadline) {
                    return false;
                }
                Thread.sleep(LEASE_POLL_MS);
            }
        } catch (IOException e) {
            LOG.warn("HDFS sink {}: lease recovery of {} failed: {}", sinkName, path, e.toString());
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** Renames now; on failure schedules another attempt. True when renamed now. */
    boolean renameOrRetry(Path inUse, Path target) {
        try {
            rename(inUse, target);
            return true;
        } catch (IOException | RuntimeException e) {
            LOG.warn("HDFS sink {}: renaming {} to {} failed ({}); retrying in {} ms", sinkName, inUse, target,
                    e.toString(), retryIntervalMs);
            schedule(() -> renameOrRetry(inUse, target), Math.max(retryIntervalMs, 1000));
            return false;
        }
    }

    /** Renames {@code inUse} to {@code target}, or to a free variant of it when it exists. */
    void rename(Path inUse, Path target) throws IOException {
        if (inUse.equals(target)) {
            return;
        }
        Path dest = target;
        for (int i = 1; fs.exists(dest); i++) {
            dest = new Path(target.getParent(), target.getName() + "-" + i);
        }
        if (!dest.equals(target)) {
            LOG.warn("HDFS sink {}: {} exists; renaming {} to {} instead", sinkName, target, inUse, dest);
        }
        if (!fs.rename(inUse, dest)) {
            if (!fs.exists(inUse) && fs.exists(dest)) {
                return;
            }
            throw new IOException("rename of " + inUse + " to " + dest + " returned false");
        }
        LOG.debug("HDFS sink {}: renamed {} to {}", sinkName, inUse, dest);
    }

    private void schedule(Runnable task, long delayMs) {
        try {
            timer.schedule(task, delayMs, TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException e) {
            LOG.warn("HDFS sink {} is stopping: a file close/rename is left for the next start's recovery", sinkName);
        }
    }
}
