package io.flafka.channel.file.tool;

import io.flafka.channel.file.Checkpoint;
import io.flafka.channel.file.RecordFormat;
import io.flafka.channel.file.Recovery;
import io.flafka.channel.file.RecoveryReport;
import io.flafka.channel.file.SegmentScanner;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Offline look at a file channel's directories, behind {@code flafka channel inspect|verify DIR...}.
 * Never changes a file. Each argument may be a checkpoint directory, a data directory, or a directory
 * holding those as subdirectories. Safe to run next to a running channel (it may then report the
 * record being written as an incomplete tail).
 */
public final class ChannelInspector {
    private ChannelInspector() {
    }

    /**
     * One log segment.
     *
     * @param path its file
     * @param id its id
     * @param bytes its size
     */
    public record SegmentInfo(Path path, int id, long bytes) {
    }

    /**
     * What {@link #inspect} found.
     *
     * @param eventsPending events a start would recover (checkpoint plus the log after it)
     * @param segments every segment, per directory in argument order
     * @param totalBytes bytes of all segments
     * @param checkpoint the checkpoint file used, or "none"
     * @param checkpointAgeMillis its age, -1 when none
     * @param problems what a start would report (damage, truncation, missing checkpoint)
     */
    public record Report(long eventsPending, List<SegmentInfo> segments, long totalBytes, String checkpoint,
                         long checkpointAgeMillis, List<String> problems) {

        /** A human-readable summary. */
        public String format() {
            StringBuilder b = new StringBuilder();
            b.append("events pending:  ").append(eventsPending).append('\n');
            b.append("checkpoint:      ").append(checkpoint);
            if (checkpointAgeMillis >= 0) {
                b.append(" (").append(checkpointAgeMillis / 1000).append(" s old)");
            }
            b.append('\n');
            b.append("segments:        ").append(segments.size()).append(", ").append(totalBytes).append(" bytes\n");
            for (SegmentInfo s : segments) {
                b.append("  ").append(s.path()).append("  ").append(s.bytes()).append(" bytes\n");
            }
            if (problems.isEmpty()) {
                b.append("problems:        none\n");
            } else {
                b.append("problems:\n");
                for (String p : problems) {
                    b.append("  ").append(p).append('\n');
                }
            }
            return b.toString();
        }
    }

    /** Pending events, segments, sizes and checkpoint age of a channel. */
    public static Report inspect(Path... dirs) throws IOException {
        Layout l = Layout.of(dirs);
        Recovery.State state = new Recovery("inspect", l.checkpointDir, null, l.dataDirs, true).run();
        RecoveryReport r = state.report();
        List<SegmentInfo> segments = new ArrayList<>();
        long total = 0;
        for (List<Path> files : state.segments()) {
            for (Path f : files) {
                long size = Files.size(f);
                total += size;
                segments.add(new SegmentInfo(f, RecordFormat.segmentIdOf(f.getFileName().toString()), size));
            }
        }
        List<String> problems = new ArrayList<>(l.problems);
        problems.addAll(r.problems());
        return new Report(r.pendingEvents(), segments, total, r.checkpoint(), r.checkpointAgeMillis(), problems);
    }

    /**
     * Checks every record's and every event's checksum in every segment, and the checkpoint; returns one
     * line per problem, empty when all is well.
     */
    public static List<String> verify(Path... dirs) throws IOException {
        Layout l = Layout.of(dirs);
        List<String> problems = new ArrayList<>(l.problems);
        Set<Integer> ids = new HashSet<>();
        SegmentScanner scanner = new SegmentScanner(true);
        for (Path d : l.dataDirs) {
            for (Path f : Recovery.listSegments(d)) {
                int id = RecordFormat.segmentIdOf(f.getFileName().toString());
                ids.add(id);
                SegmentScanner.Result r = scanner.scan(f, id, 0, new SegmentScanner.Visitor() {
                    @Override
                    public void put(long sequence, int segmentId, int[] eventOffsets, int count) {
                    }

                    @Override
                    public void take(long sequence, long[] pointers, int count) {
                    }

                    @Override
                    public void damaged(int offset, int length, String reason) {
                        problems.add(f + ": " + length + " damaged bytes at offset " + offset + " (" + reason + ")");
                    }

                    @Override
                    public void damagedEvent(int offset, String reason) {
                        problems.add(f + ": event at offset " + offset + ": " + reason);
                    }
                });
                if (r.headerProblem() != null) {
                    problems.add(f + ": " + r.headerProblem());
                }
                if (r.tailBytes() > 0) {
                    problems.add(f + ": " + r.tailBytes() + " bytes after the last valid record (offset "
                            + r.validEnd() + "): an incomplete or damaged tail");
                }
            }
        }
        if (l.checkpointDir != null) {
            try {
                Checkpoint cp = Checkpoint.readFrom(l.checkpointDir);
                if (cp == null) {
                    if (!ids.isEmpty()) {
                        problems.add(l.checkpointDir + ": no checkpoint (a start replays the whole log)");
                    }
                } else {
                    long missing = 0;
                    for (long p : cp.pending()) {
                        if (!ids.contains(RecordFormat.segmentOf(p))) {
                            missing++;
                        }
                    }
                    if (missing > 0) {
                        problems.add(l.checkpointDir + ": " + missing + " pending events point into missing segments");
                    }
                }
            } catch (IOException e) {
                problems.add(e.getMessage());
            }
        }
        return problems;
    }

    /** The checkpoint and data directories found among the arguments. */
    private static final class Layout {
        Path checkpointDir;
        final List<Path> dataDirs = new ArrayList<>();
        final List<String> problems = new ArrayList<>();

        static Layout of(Path... dirs) throws IOException {
            Layout l = new Layout();
            for (Path d : dirs) {
                if (!Files.isDirectory(d)) {
                    throw new IOException(d + " is not a directory");
                }
                if (!l.classify(d)) {
                    boolean any = false;
                    try (DirectoryStream<Path> ds = Files.newDirectoryStream(d, Files::isDirectory)) {
                        List<Path> subs = new ArrayList<>();
                        ds.forEach(subs::add);
                        subs.sort(null);
                        for (Path sub : subs) {
                            any |= l.classify(sub);
                        }
                    }
                    if (!any) {
                        l.problems.add(d + " holds neither a checkpoint nor log segments");
                    }
                }
            }
            if (l.dataDirs.isEmpty()) {
                throw new IOException("no log segments found in " + List.of(dirs));
            }
            return l;
        }

        private boolean classify(Path d) throws IOException {
            boolean found = false;
            if (Files.isRegularFile(d.resolve(Checkpoint.FILE))) {
                if (checkpointDir == null) {
                    checkpointDir = d;
                }
                found = true;
            }
            if (!Recovery.listSegments(d).isEmpty()) {
                dataDirs.add(d);
                found = true;
            }
            return found;
        }
    }
}
