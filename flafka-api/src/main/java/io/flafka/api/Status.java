package io.flafka.api;

/** What one call of a pollable source's or a sink's {@code process()} achieved. */
public enum Status {
    /** Work was done; the runner calls again at once. */
    READY,
    /** Nothing to do (empty poll, empty channel); the runner waits a little before calling again. */
    BACKOFF
}
