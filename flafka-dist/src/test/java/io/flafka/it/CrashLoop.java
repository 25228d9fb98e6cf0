package io.flafka.it;

import io.flafka.testkit.process.AgentProcess;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Runs an agent configuration as a child process and kills it with SIGKILL ({@code kill -9}) at random
 * moments, restarting it each time. The seed is printed so that a failing schedule can be replayed with
 * {@code -Dflafka.it.seed=<seed>}.
 */
final class CrashLoop {
    private final Path conf;
    private final Path logDir;
    private final Random random;
    private final long seed;
    private final List<AgentProcess> started = new ArrayList<>();

    CrashLoop(String testName, Path conf, Path logDir) {
        this.conf = conf;
        this.logDir = logDir;
        this.seed = Long.getLong("flafka.it.seed", System.nanoTime());
        this.random = new Random(seed);
        System.out.println("[" + testName + "] kill -9 schedule seed = " + seed
                + " (replay with -Dflafka.it.seed=" + seed + ")");
    }

    /** Distinct events at the output so far. */
    interface Progress {
        int get() throws Exception;
    }

    /** The seed of the schedule. */
    long seed() {
        return seed;
    }

    /** A random time in [minMs, maxMs) from the seeded schedule: how long the next agent lives. */
    long lifetime(long minMs, long maxMs) {
        return minMs + (long) (random.nextDouble() * (maxMs - minMs));
    }

    /**
     * {@code kills} times: start an agent and kill it once the output has grown by a random number of events
     * in [minEvents, maxEvents) (seeded) since its start, so that every kill lands mid-stream whatever the
     * machine's speed.
     */
    void killAtRandomProgress(int kills, int minEvents, int maxEvents, Progress out) throws Exception {
        List<String> schedule = new ArrayList<>();
        for (int i = 0; i < kills; i++) {
            int before = out.get();
            int target = before + (int) lifetime(minEvents, maxEvents);
            AgentProcess p = start();
            long deadline = System.nanoTime() + 120_000_000_000L;
            while (out.get() < target) {
                if (!p.isAlive() || System.nanoTime() > deadline) {
                    throw new AssertionError("agent " + i + " did not reach " + target + " events out:\n"
                            + p.logText());
                }
                Thread.sleep(10);
            }
            p.kill9();
            schedule.add(before + " -> " + target + " (" + out.get() + " at the kill)");
        }
        System.out.println("kill -9 at events out: " + schedule);
    }

    /** Starts an agent and waits until it reports running (then SIGTERM is a graceful stop). */
    AgentProcess startRunning() throws Exception {
        AgentProcess p = start();
        long deadline = System.nanoTime() + 60_000_000_000L;
        while (!p.logText().contains("is running")) {
            if (!p.isAlive() || System.nanoTime() > deadline) {
                throw new AssertionError("agent did not start:\n" + p.logText());
            }
            Thread.sleep(50);
        }
        return p;
    }

    /** Starts a new agent process on the configuration. */
    AgentProcess start() throws Exception {
        AgentProcess p = AgentProcess.flafka(logDir.resolve("agent-" + started.size() + ".log"),
                "agent", "-n", "a1", "-f", conf.toString(), "--no-reload-conf");
        started.add(p);
        return p;
    }

    /**
     * {@code kills} times: start an agent, wait until it has delivered something (the output's count of
     * distinct events grows), so that the kill lands mid-flow, let it run a random time in [minMs, maxMs)
     * more, then kill -9 it. Once every event is out, the remaining agents are killed idle.
     *
     * @param delivered distinct events at the output so far
     * @param total the number of events of the test
     */
    List<Long> killRepeatedly(int kills, long minMs, long maxMs, Progress delivered, int total)
            throws Exception {
        return killRepeatedly(kills, minMs, maxMs, delivered, total, i -> { });
    }

    /** As above; {@code beforeStart} runs before each agent is started (e.g. to feed its input). */
    List<Long> killRepeatedly(int kills, long minMs, long maxMs, Progress delivered, int total,
                              java.util.function.IntConsumer beforeStart) throws Exception {
        List<String> schedule = new ArrayList<>();
        List<Long> lifetimes = new ArrayList<>();
        for (int i = 0; i < kills; i++) {
            int before = delivered.get();
            beforeStart.accept(i);
            AgentProcess p = start();
            long deadline = System.nanoTime() + 60_000_000_000L;
            while (delivered.get() <= before && before < total) {
                if (!p.isAlive() || System.nanoTime() > deadline) {
                    throw new AssertionError("agent " + i + " delivered nothing:\n" + p.logText());
                }
                Thread.sleep(50);
            }
            long life = lifetime(minMs, maxMs);
            Thread.sleep(life);
            if (!p.isAlive()) {
                throw new AssertionError("agent " + i + " died by itself:\n" + p.logText());
            }
            p.kill9();
            lifetimes.add(life);
            schedule.add(life + " ms (" + before + " -> " + delivered.get() + " distinct events out)");
        }
        System.out.println("kill -9 after the first delivery + " + schedule);
        return lifetimes;
    }

    /** The last log lines of every agent started, for failure messages. */
    String logs() {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < started.size(); i++) {
            String t = started.get(i).logText();
            String[] lines = t.split("\n");
            sb.append("--- agent ").append(i).append(" (last lines) ---\n");
            for (int j = Math.max(0, lines.length - 15); j < lines.length; j++) {
                sb.append(lines[j]).append('\n');
            }
        }
        return sb.toString();
    }

    void closeAll() throws InterruptedException {
        for (AgentProcess p : started) {
            p.close();
        }
    }
}
