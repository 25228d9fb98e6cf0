package io.flafka.core.runtime;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The wait between stopping sources and stopping sinks: the sinks keep running until the channels they
 * read are empty, or until {@code -Dflafka.shutdown.drainTimeoutMs} (default 10 s) passes. Runs on the
 * lifecycle thread.
 */
final class Drain {
    private static final Logger LOG = LoggerFactory.getLogger(Drain.class);
    static final String TIMEOUT_PROPERTY = "flafka.shutdown.drainTimeoutMs";
    private static final long DEFAULT_TIMEOUT_MS = 10_000;
    private static final long POLL_MS = 10;

    private Drain() {
    }

    /**
     * Waits until each of {@code targets} that a running unit of {@code sinkSide} reads is empty, or
     * the timeout passes. Channels that cannot tell their size (durable ones keep their events anyway)
     * are not waited for; a channel no running sink reads is reported and skipped.
     */
    static void await(Collection<ChannelUnit> targets, Collection<Unit> sinkSide) {
        long timeout = Long.getLong(TIMEOUT_PROPERTY, DEFAULT_TIMEOUT_MS);
        long deadline = System.nanoTime() + timeout * 1_000_000L;
        List<ChannelUnit> waiting = new ArrayList<>();
        for (ChannelUnit c : targets) {
            if (c.size() <= 0) {
                continue;
            }
            if (hasRunningSink(c, sinkSide)) {
                waiting.add(c);
            } else {
                LOG.warn("{} holds {} events and no running sink reads it", c.describe(), c.size());
            }
        }
        while (!waiting.isEmpty()) {
            waiting.removeIf(c -> c.size() <= 0);
            if (waiting.isEmpty()) {
                break;
            }
            if (System.nanoTime() - deadline > 0) {
                for (ChannelUnit c : waiting) {
                    LOG.warn("Drain timeout ({} ms, -D{}) passed with {} events left in {}", timeout,
                            TIMEOUT_PROPERTY, c.size(), c.describe());
                }
                break;
            }
            try {
                Thread.sleep(POLL_MS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                LOG.warn("Interrupted while draining channels; stopping sinks now");
                break;
            }
        }
    }

    private static boolean hasRunningSink(ChannelUnit c, Collection<Unit> sinkSide) {
        for (Unit u : sinkSide) {
            if (!u.isRunning()) {
                continue;
            }
            if (u instanceof SinkUnit su && su.channelUnit() == c) {
                return true;
            }
            if (u instanceof SinkGroupUnit gu && gu.channelUnits().contains(c)) {
                return true;
            }
        }
        return false;
    }
}
