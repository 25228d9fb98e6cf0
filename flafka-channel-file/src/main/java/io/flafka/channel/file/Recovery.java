package io.flafka.channel.file;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Rebuilds the pending queue at start: loads the newest readable checkpoint (primary, then backup),
 * replays every log record written after its positions, removes what was taken, and appends what was
 * put in record-sequence order. Damaged records are skipped and reported; an incomplete record at the end
 * of a directory's newest segment (a write the crash interrupted) is truncated. With {@code readOnly}
 * nothing on disk is changed (the inspector's mode).
 */
public final class Recovery {
    private static final Logger LOG = LoggerFactory.getLogger(Recovery.class);

    /**
     * The recovered state.
     *
     * @param pending pending pointers, head first
     * @param nextSequence the next record sequence
     * @param nextSegmentId the next unused segment id
     * @param segments every segment found, per data directory, sorted by id
     * @param report what was found
     */
    public record State(long[] pending, long nextSequence, int nextSegmentId, List<List<Path>> segments,
                        RecoveryReport report) {
    }

    private final List<Path> dataDirs;
    private final Path checkpointDir;
    private final Path backupDir;
    private final boolean readOnly;
    private final String name;

    public Recovery(String name, Path checkpointDir, Path backupDir, List<Path> dataDirs, boolean readOnly) {
        this.name = name;
        this.checkpointDir = checkpointDir;
        this.backupDir = backupDir;
        this.dataDirs = dataDirs;
        this.readOnly = readOnly;
    }

    public State run() throws IOException {
        long t0 = System.nanoTime();
        RecoveryReport report = new RecoveryReport();
        Checkpoint cp = loadCheckpoint(report);
        List<List<Path>> segments = new ArrayList<>();
        int maxId = 0;
        for (Path dir : dataDirs) {
            List<Path> files = listSegments(dir);
            segments.add(files);
            for (Path f : files) {
                maxId = Math.max(maxId, RecordFormat.segmentIdOf(f.getFileName().toString()));
            }
        }
        Set<Integer> existing = new HashSet<>();
        for (List<Path> files : segments) {
            for (Path f : files) {
                existing.add(RecordFormat.segmentIdOf(f.getFileName().toString()));
            }
        }
        Replay replay = new Replay();
        SegmentScanner scanner = new SegmentScanner(false);
        for (int d = 0; d < dataDirs.size(); d++) {
            List<Path> files = segments.get(d);
            long start = cp == null ? 0L : startFor(cp, files, report, dataDirs.get(d));
            int startSegment = RecordFormat.segmentOf(start);
            maxId = Math.max(maxId, startSegment);
            for (int i = 0; i < files.size(); i++) {
                Path f = files.get(i);
                int id = RecordFormat.segmentIdOf(f.getFileName().toString());
                if (id < startSegment) {
                    continue;
                }
                long from = id == startSegment ? RecordFormat.offsetOf(start) : 0;
                boolean newest = i == files.size() - 1;
                scanOne(scanner, f, id, from, newest, replay, report);
            }
        }
        long[] pending = merge(cp, replay, existing, report);
        long nextSeq = Math.max(cp == null ? 0 : cp.nextSequence(), replay.maxSeq + 1);
        report.pendingEvents = pending.length;
        report.elapsedMillis = (System.nanoTime() - t0) / 1_000_000;
        return new State(pending, nextSeq, maxId + 1, segments, report);
    }

    /**
     * The checkpoint position of a data directory: the one whose segment lives in it (positions are
     * matched by segment id, so the order of dataDirs may change between runs).
     */
    private long startFor(Checkpoint cp, List<Path> files, RecoveryReport report, Path dir) {
        Set<Integer> ids = new HashSet<>();
        for (Path f : files) {
            ids.add(RecordFormat.segmentIdOf(f.getFileName().toString()));
        }
        for (long p : cp.positions()) {
            if (ids.contains(RecordFormat.segmentOf(p))) {
                return p;
            }
        }
        if (!files.isEmpty()) {
            problem(report, "the checkpoint has no position in " + dir + ": replaying all of it (events may be "
                    + "delivered again)");
        }
        return 0L;
    }

    private Checkpoint loadCheckpoint(RecoveryReport report) {
        List<Path> dirs = new ArrayList<>();
        if (checkpointDir != null) {
            dirs.add(checkpointDir);
        }
        if (backupDir != null) {
            dirs.add(backupDir);
        }
        if (dirs.isEmpty() && hasSegments()) {
            problem(report, "no checkpoint directory given: counting from the whole log");
        }
        for (Path dir : dirs) {
            try {
                Checkpoint cp = Checkpoint.readFrom(dir);
                if (cp != null) {
                    report.checkpoint = dir.resolve(Checkpoint.FILE).toString();
                    report.checkpointAgeMillis = Math.max(0, System.currentTimeMillis() - cp.writeTimeMillis());
                    return cp;
                }
                if (hasSegments()) {
                    problem(report, "no checkpoint in " + dir + ": replaying the whole log (events taken before "
                            + "may be delivered again)");
                }
            } catch (IOException e) {
                problem(report, "unreadable checkpoint: " + e.getMessage() + "; trying the next one or a full replay");
            }
        }
        return null;
    }

    private boolean hasSegments() {
        for (Path d : dataDirs) {
            try {
                if (!listSegments(d).isEmpty()) {
                    return true;
                }
            } catch (IOException e) {
                return true;
            }
        }
        return false;
    }

    private void scanOne(SegmentScanner scanner, Path f, int id, long from, boolean newest, Replay replay,
                         RecoveryReport report) throws IOException {
        SegmentScanner.Result r = scanner.scan(f, id, from, new SegmentScanner.Visitor() {
            @Override
            public void put(long sequence, int segmentId, int[] offsets, int count) {
                replay.put(sequence, segmentId, offsets, count);
            }

            @Override
            public void take(long sequence, long[] pointers, int count) {
                replay.take(sequence, pointers, count);
            }

            @Override
            public void damaged(int offset, int length, String reason) {
                report.damagedRecords++;
                report.damagedBytes += length;
                problem(report, f + ": skipped " + length + " damaged bytes at offset " + offset + " (" + reason
                        + "); events committed in them are lost");
            }
        });
        report.replayedRecords += r.records();
        if (r.headerProblem() != null) {
            problem(report, f + ": " + r.headerProblem());
        }
        long tail = r.tailBytes();
        if (tail > 0 && r.validEnd() >= RecordFormat.SEGMENT_HEADER) {
            if (newest) {
                report.truncatedBytes += tail;
                problem(report, f + ": cut " + tail + " bytes of an incomplete record at offset " + r.validEnd()
                        + " (a write interrupted by the crash; its commit had not returned)");
                if (!readOnly) {
                    try (FileChannel ch = FileChannel.open(f, StandardOpenOption.WRITE)) {
                        ch.truncate(r.validEnd());
                        ch.force(true);
                    }
                }
            } else {
                report.damagedRecords++;
                report.damagedBytes += tail;
                problem(report, f + ": skipped " + tail + " damaged bytes at the end, from offset " + r.validEnd()
                        + "; events committed in them are lost");
            }
        }
    }

    private long[] merge(Checkpoint cp, Replay replay, Set<Integer> existing, RecoveryReport report) {
        long[] base = cp == null ? new long[0] : cp.pending();
        int n = base.length + replay.puts.size();
        long[] out = new long[n];
        int k = 0;
        Set<Long> taken = replay.taken;
        long missing = 0;
        TreeMap<Integer, Long> missingBySegment = new TreeMap<>();
        int lastSegment = Integer.MIN_VALUE;
        boolean lastExists = false;
        for (long p : base) {
            if (!taken.isEmpty() && taken.contains(p)) {
                continue;
            }
            int seg = RecordFormat.segmentOf(p);
            if (seg != lastSegment) {
                lastSegment = seg;
                lastExists = existing.contains(seg);
            }
            if (!lastExists) {
                missing++;
                missingBySegment.merge(RecordFormat.segmentOf(p), 1L, Long::sum);
                continue;
            }
            out[k++] = p;
        }
        long[] puts = replay.sortedPuts();
        for (long p : puts) {
            if (!taken.isEmpty() && taken.contains(p)) {
                continue;
            }
            out[k++] = p;
        }
        if (missing > 0) {
            report.droppedEvents += missing;
            problem(report, "dropped " + missing + " pending events whose log segments are missing: "
                    + missingBySegment);
        }
        return k == n ? out : Arrays.copyOf(out, k);
    }

    private void problem(RecoveryReport report, String text) {
        report.problems.add(text);
        LOG.warn("File channel '{}' recovery: {}", name, text);
    }

    /** Segment files of a directory, sorted by id; empty when the directory does not exist. */
    public static List<Path> listSegments(Path dir) throws IOException {
        List<Path> out = new ArrayList<>();
        if (!Files.isDirectory(dir)) {
            return out;
        }
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir, "log-*.wal")) {
            for (Path p : ds) {
                if (RecordFormat.segmentIdOf(p.getFileName().toString()) >= 0) {
                    out.add(p);
                }
            }
        }
        out.sort((a, b) -> Integer.compare(RecordFormat.segmentIdOf(a.getFileName().toString()),
                RecordFormat.segmentIdOf(b.getFileName().toString())));
        return out;
    }

    /** Puts and takes collected from the log. */
    private static final class Replay {
        /** Packed (sequence, index in record) order keys, parallel to pointers. */
        final LongList seqs = new LongList();
        final LongList puts = new LongList();
        final Set<Long> taken = new HashSet<>();
        long maxSeq = -1;

        void put(long seq, int segmentId, int[] offsets, int count) {
            maxSeq = Math.max(maxSeq, seq);
            for (int i = 0; i < count; i++) {
                seqs.add(seq);
                puts.add(RecordFormat.pointer(segmentId, offsets[i]));
            }
        }

        void take(long seq, long[] pointers, int count) {
            maxSeq = Math.max(maxSeq, seq);
            for (int i = 0; i < count; i++) {
                taken.add(pointers[i]);
            }
        }

        /** Puts ordered by record sequence, then by position within the record (stable). */
        long[] sortedPuts() {
            int n = puts.size();
            long[] p = puts.toArray();
            long[] s = seqs.toArray();
            boolean sorted = true;
            for (int i = 1; i < n && sorted; i++) {
                sorted = s[i - 1] <= s[i];
            }
            if (sorted) {
                return p;
            }
            Integer[] idx = new Integer[n];
            for (int i = 0; i < n; i++) {
                idx[i] = i;
            }
            Arrays.sort(idx, (a, b) -> s[a] != s[b] ? Long.compare(s[a], s[b]) : Integer.compare(a, b));
            long[] out = new long[n];
            for (int i = 0; i < n; i++) {
                out[i] = p[idx[i]];
            }
            return out;
        }
    }

    /** A growable list of longs. */
    private static final class LongList {
        private long[] a = new long[1024];
        private int n;

        void add(long v) {
            if (n == a.length) {
                a = Arrays.copyOf(a, n * 2);
            }
            a[n++] = v;
        }

        int size() {
            return n;
        }

        long[] toArray() {
            return Arrays.copyOf(a, n);
        }
    }
}
