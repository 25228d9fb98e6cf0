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

    /** Starts a new agent process on the configuration. */
    AgentProcess start() throws Exception {
        AgentProcess p = AgentProcess.flafka(logDir.resolve("agent-" + started.size() + ".log"),
                "agent", "-n", "a1", "-f", conf.toString(), "--no-reload-conf");
        started.add(p);
        return p;
    }

    /**
     * {@code kills} times: start an agent, let it run a random time in [minMs, maxMs) (which includes its
     * JVM start, so some kills land while it is still starting), then kill -9 it.
     */
    List<Long> killRepeatedly(int kills, long minMs, long maxMs) throws Exception {
        List<Long> lifetimes = new ArrayList<>();
        for (int i = 0; i < kills; i++) {
            AgentProcess p = start();
            long life = minMs + (long) (random.nextDouble() * (maxMs - minMs));
            Thread.sleep(life);
            if (!p.isAlive()) {
                throw new AssertionError("agent " + i + " died by itself:\n" + p.logText());
            }
            p.kill9();
            lifetimes.add(life);
        }
        System.out.println("kill -9 after (ms): " + lifetimes);
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
