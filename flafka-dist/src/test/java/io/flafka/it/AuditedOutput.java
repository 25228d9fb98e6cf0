package io.flafka.it;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Reads the files of a file_roll sink written with {@code serializer = header_and_text} behind a
 * {@code uuid} interceptor (header {@code id}, set when the source puts the event), and tells the two
 * kinds of duplicates apart:
 * <ul>
 *   <li>the same event with the same id: the channel handed the same event out twice (the sink wrote it,
 *       then a kill came before its take committed), the sink's at-least-once;</li>
 *   <li>the same event with another id: it was put into the channel twice, i.e. the source read it
 *       again after a restart.</li>
 * </ul>
 * A line cut short by a kill (no newline yet) is counted as cut, not as an event.
 */
final class AuditedOutput {
    private static final Pattern ID = Pattern.compile("[{ ]id=([^,}]+)");
    private final List<Set<String>> ids;
    private int unique;
    private long sinkDuplicates;
    private long sourceDuplicates;
    private long foreign;
    private long cut;

    /**
     * The configuration lines an audited agent needs besides its source: the {@code uuid} interceptor
     * {@code i1} on source {@code r1}, a file channel {@code c1} under {@code root}, and a file_roll sink
     * {@code k1} writing {@code header_and_text} into {@code out}.
     */
    static String fileChannelAndAuditedSink(Path root, Path out, int sinkBatch) {
        return String.join("\n",
                "a1.sources.r1.interceptors = i1",
                "a1.sources.r1.interceptors.i1.type = uuid",
                "a1.channels.c1.type = file",
                "a1.channels.c1.checkpointDir = " + root.resolve("checkpoint"),
                "a1.channels.c1.dataDirs = " + root.resolve("data"),
                "a1.channels.c1.minimumRequiredSpace = 1048576",
                "a1.sinks.k1.type = file_roll",
                "a1.sinks.k1.channel = c1",
                "a1.sinks.k1.sink.directory = " + out,
                "a1.sinks.k1.sink.rollInterval = 0",
                "a1.sinks.k1.sink.batchSize = " + sinkBatch,
                "a1.sinks.k1.sink.serializer = header_and_text",
                "");
    }

    private AuditedOutput(int total) {
        ids = new ArrayList<>(total);
        for (int i = 0; i < total; i++) {
            ids.add(null);
        }
    }

    /**
     * Reads every regular file of {@code dir}.
     *
     * @param event matches an event body; its group 1 is the event's number in [0, total)
     */
    static AuditedOutput read(Path dir, Pattern event, int total) throws IOException {
        AuditedOutput a = new AuditedOutput(total);
        List<Path> files;
        try (Stream<Path> s = Files.list(dir)) {
            files = s.filter(Files::isRegularFile).toList();
        }
        for (Path f : files) {
            String text;
            try {
                text = new String(Files.readAllBytes(f), StandardCharsets.UTF_8);
            } catch (java.nio.file.NoSuchFileException gone) {
                continue;
            }
            int start = 0;
            for (int nl = text.indexOf('\n'); nl >= 0; nl = text.indexOf('\n', start)) {
                a.add(text.substring(start, nl), event);
                start = nl + 1;
            }
            if (start < text.length()) {
                a.cut++;
            }
        }
        return a;
    }

    private void add(String line, Pattern event) {
        int bodyAt = line.startsWith("{") ? line.indexOf("} ") + 2 : 0;
        Matcher m = event.matcher(line.substring(Math.max(bodyAt, 0)));
        Matcher id = ID.matcher(bodyAt > 1 ? line.substring(0, bodyAt) : "");
        if (bodyAt == 1 || !m.matches() || !id.find()) {
            foreign++;
            return;
        }
        int n = Integer.parseInt(m.group(1));
        if (n < 0 || n >= ids.size()) {
            foreign++;
            return;
        }
        Set<String> seen = ids.get(n);
        if (seen == null) {
            seen = new HashSet<>(2);
            ids.set(n, seen);
            unique++;
        } else if (seen.contains(id.group(1))) {
            sinkDuplicates++;
            return;
        } else {
            sourceDuplicates++;
        }
        seen.add(id.group(1));
    }

    int unique() {
        return unique;
    }

    /** The same event and id more than once: redelivered by the channel to the sink. */
    long sinkDuplicates() {
        return sinkDuplicates;
    }

    /** The same event under another id: put into the channel again by the source. */
    long sourceDuplicates() {
        return sourceDuplicates;
    }

    long foreign() {
        return foreign;
    }

    List<Integer> missing() {
        List<Integer> out = new ArrayList<>();
        for (int i = 0; i < ids.size(); i++) {
            if (ids.get(i) == null) {
                out.add(i);
            }
        }
        return out;
    }

    String summary() {
        List<Integer> m = missing();
        return ids.size() + " events: " + unique + " delivered, " + m.size() + " missing"
                + (m.isEmpty() ? "" : " (first " + m.subList(0, Math.min(10, m.size())) + ")")
                + ", " + sourceDuplicates + " duplicated by the source (read again), " + sinkDuplicates
                + " by the sink (taken again), " + foreign + " foreign lines, " + cut + " lines cut by a kill";
    }
}
