package io.flafka.channel.file;

import java.util.ArrayList;
import java.util.List;

/**
 * What a start found and did: where it started from, what it replayed, and everything it had to drop.
 * Built by {@link Recovery}; read by tests, the inspector and the start-up log line.
 */
public final class RecoveryReport {
    String checkpoint = "none";
    long checkpointAgeMillis = -1;
    long replayedRecords;
    long damagedRecords;
    long damagedBytes;
    long truncatedBytes;
    long droppedEvents;
    long pendingEvents;
    long elapsedMillis;
    final List<String> problems = new ArrayList<>();

    /** The checkpoint used ("none" for a full replay). */
    public String checkpoint() {
        return checkpoint;
    }

    /** Age of the checkpoint used at start, -1 when none. */
    public long checkpointAgeMillis() {
        return checkpointAgeMillis;
    }

    /** Log records read after the checkpoint. */
    public long replayedRecords() {
        return replayedRecords;
    }

    /** Stretches of log that failed their checksum and were skipped. */
    public long damagedRecords() {
        return damagedRecords;
    }

    /** Bytes in the skipped stretches. */
    public long damagedBytes() {
        return damagedBytes;
    }

    /** Bytes of incomplete records cut from the end of segments (writes a crash interrupted). */
    public long truncatedBytes() {
        return truncatedBytes;
    }

    /** Pending pointers dropped because their segment was missing. */
    public long droppedEvents() {
        return droppedEvents;
    }

    /** Events pending after recovery. */
    public long pendingEvents() {
        return pendingEvents;
    }

    public long elapsedMillis() {
        return elapsedMillis;
    }

    /** One line per problem found; empty after a clean restart. */
    public List<String> problems() {
        return List.copyOf(problems);
    }

    /** True when nothing had to be skipped, truncated or dropped. */
    public boolean clean() {
        return problems.isEmpty();
    }

    @Override
    public String toString() {
        return "checkpoint=" + checkpoint + ", replayedRecords=" + replayedRecords + ", pendingEvents=" + pendingEvents
                + ", damagedRecords=" + damagedRecords + " (" + damagedBytes + " bytes), truncatedBytes="
                + truncatedBytes + ", droppedEvents=" + droppedEvents + ", took " + elapsedMillis + " ms";
    }
}
