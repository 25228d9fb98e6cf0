package io.flafka.hdfs;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.LocatedFileStatus;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.RemoteIterator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * At start, finds the in-use files this sink left behind (a crash, a kill -9, a close that never
 * finished) under the static root of {@code hdfs.path}, recovers their leases on HDFS and renames them
 * to their final names, so no {@code .tmp} file stays forever. Only names this sink would write are
 * touched: in-use prefix + file prefix + "." + counter ... + in-use suffix. Empty leftovers (the sink
 * died before writing anything) are deleted. Runs on the lifecycle thread during {@code start()}.
 */
final class LeftoverRecovery {
    private static final Logger LOG = LoggerFactory.getLogger(LeftoverRecovery.class);

    private final String sinkName;
    private final FileSystem fs;
    private final FileCloser closer;
    private final long leaseWaitMs;

    LeftoverRecovery(String sinkName, FileSystem fs, FileCloser closer, long leaseWaitMs) {
        this.sinkName = sinkName;
        this.fs = fs;
        this.closer = closer;
        this.leaseWaitMs = leaseWaitMs;
    }

    /** Where to look and what to match, derived from the sink's naming settings. */
    record Scope(Path root, boolean recursive, Pattern name, String inUsePrefix, String inUseSuffix) {

        /** Null when in-use files cannot be told from final ones (no in-use prefix or suffix). */
        static Scope of(String path, String filePrefix, String inUsePrefix, String inUseSuffix) {
            if (inUsePrefix.isEmpty() && inUseSuffix.isEmpty()) {
                return null;
            }
            EscapeTemplate pathT = EscapeTemplate.parse(path, n -> "");
            EscapeTemplate prefixT = EscapeTemplate.parse(filePrefix, n -> "");
            Path root;
            boolean recursive = !pathT.isStatic() || filePrefix.contains("/");
            if (pathT.isStatic()) {
                root = new Path(path);
            } else {
                String head = pathT.staticPrefix();
                int slash = head.lastIndexOf('/');
                root = new Path(slash < 0 ? "." : head.substring(0, slash + 1));
            }
            String staticName = prefixT.staticPrefix();
            staticName = staticName.substring(staticName.lastIndexOf('/') + 1);
            String middle = prefixT.isStatic() && !filePrefix.contains("/")
                    ? Pattern.quote(staticName + ".") + "\\d+.*" : Pattern.quote(staticName) + ".*";
            Pattern name = Pattern.compile(Pattern.quote(inUsePrefix) + middle + Pattern.quote(inUseSuffix));
            return new Scope(root, recursive, name, inUsePrefix, inUseSuffix);
        }
    }

    /**
     * Recovers and renames every leftover except those {@code skip} accepts (files the sink has open).
     * Failures on single files are logged.
     *
     * @return false when the root could not be listed (the file system is unreachable): try again later
     */
    boolean recover(Scope scope, java.util.function.Predicate<Path> skip) {
        if (scope == null) {
            LOG.info("HDFS sink {}: no in-use prefix or suffix, so leftover files cannot be recognised", sinkName);
            return true;
        }
        List<Path> found = new ArrayList<>();
        try {
            if (!fs.exists(scope.root())) {
                return true;
            }
            RemoteIterator<LocatedFileStatus> it = fs.listFiles(scope.root(), scope.recursive());
            while (it.hasNext()) {
                Path p = it.next().getPath();
                if (scope.name().matcher(p.getName()).matches() && !skip.test(p)) {
                    found.add(p);
                }
            }
        } catch (FileNotFoundException e) {
            return true;
        } catch (IOException e) {
            LOG.warn("HDFS sink {}: cannot list {} for leftover in-use files ({}); will try again", sinkName,
                    scope.root(), e.toString());
            return false;
        }
        // start every lease recovery first, so the namenode recovers them all at once
        boolean[] closed = new boolean[found.size()];
        for (int i = 0; i < closed.length; i++) {
            closed[i] = closer.startLeaseRecovery(found.get(i));
        }
        long deadline = System.currentTimeMillis() + leaseWaitMs;
        int handled = 0;
        for (int i = 0; i < closed.length; i++) {
            if (recoverOne(scope, found.get(i), closed[i] || closer.awaitClosed(found.get(i), deadline))) {
                handled++;
            }
        }
        if (!found.isEmpty()) {
            LOG.info("HDFS sink {}: recovered {} of {} in-use files left by an earlier run under {}", sinkName,
                    handled, found.size(), scope.root());
        }
        return true;
    }

    private boolean recoverOne(Scope scope, Path p, boolean closed) {
        String name = p.getName();
        String finalName = name.substring(scope.inUsePrefix().length(), name.length() - scope.inUseSuffix().length());
        Path target = new Path(p.getParent(), finalName);
        try {
            if (!closed) {
                LOG.warn("HDFS sink {}: lease of {} not recovered within {} ms; renaming it anyway", sinkName, p,
                        leaseWaitMs);
            }
            if (closed && fs.getFileStatus(p).getLen() == 0) {
                fs.delete(p, false);
                LOG.info("HDFS sink {}: deleted empty leftover {}", sinkName, p);
                return true;
            }
            closer.rename(p, target);
            LOG.info("HDFS sink {}: recovered leftover {} as {}", sinkName, p, target.getName());
            return true;
        } catch (IOException | RuntimeException e) {
            LOG.warn("HDFS sink {}: could not recover leftover {}: {}", sinkName, p, e.toString());
            return false;
        }
    }
}
