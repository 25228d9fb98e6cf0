package io.flafka.bench.e2e;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/** CPU time and peak resident memory of this process and of the broker child. */
final class Meter {
    /** {@link #settle()} waits until the JIT finished nothing for this long... */
    static final long JIT_QUIET_MS = 300;
    /** ...or this long at most. */
    static final long SETTLE_MAX_MS = 15_000;
    private static final com.sun.management.OperatingSystemMXBean OS =
            (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();

    private Meter() {
    }

    /** CPU time (user + system) of this JVM, all threads, in nanoseconds. */
    static long cpuNanos() {
        return OS.getProcessCpuTime();
    }

    /**
     * Lets this JVM settle before a measured run, the same for a baseline and an agent: a full GC, then a wait
     * until the JIT has finished no compilation for {@value #JIT_QUIET_MS} ms (at most {@value #SETTLE_MAX_MS} ms).
     * Without it a run inherited the compilation queue of the run before it (a warm-up, or the other side of
     * the pair): up to 1.9 s of C2 work on one of the two cores during a 2 s measurement.
     *
     * <p>It first writes the machine's dirty page cache to disk ({@code sync}): the input just loaded into
     * the broker (about 200 MB per topic) is otherwise written back by the kernel 30 s later, in the middle of
     * whichever run is going on then, where it competed with the file channel's fsyncs.
     */
    static void settle() {
        syncDirtyPages();
        settleJvm();
    }

    /** The JVM part of {@link #settle()}: a full GC, then a wait until the JIT has been idle a while. */
    static void settleJvm() {
        System.gc();
        long deadline = System.nanoTime() + Duration.ofMillis(SETTLE_MAX_MS).toNanos();
        long last = jitMillis();
        long quietSince = System.nanoTime();
        while (System.nanoTime() - deadline < 0) {
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
            long now = jitMillis();
            if (now != last) {
                last = now;
                quietSince = System.nanoTime();
            } else if (System.nanoTime() - quietSince >= Duration.ofMillis(JIT_QUIET_MS).toNanos()) {
                return;
            }
        }
    }

    /** Runs {@code sync} where there is one (Linux, macOS); a machine without it just skips the step. */
    static void syncDirtyPages() {
        try {
            Process p = new ProcessBuilder("sync").redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD)
                    .start();
            if (!p.waitFor(60, java.util.concurrent.TimeUnit.SECONDS)) {
                p.destroyForcibly();
            }
        } catch (java.io.IOException e) {
            // no sync command: nothing to flush this way
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Time the JIT compilers spent compiling so far in this JVM, in milliseconds (their threads' wall time). */
    static long jitMillis() {
        var jit = ManagementFactory.getCompilationMXBean();
        return jit != null && jit.isCompilationTimeMonitoringSupported() ? jit.getTotalCompilationTime() : 0;
    }

    /** Time the garbage collectors spent collecting so far in this JVM (pauses and concurrent work), in ms. */
    static long gcMillis() {
        long sum = 0;
        for (var gc : ManagementFactory.getGarbageCollectorMXBeans()) {
            sum += Math.max(0, gc.getCollectionTime());
        }
        return sum;
    }

    /** CPU time of another process, in nanoseconds (0 when the OS does not tell). */
    static long cpuNanos(ProcessHandle p) {
        return p.info().totalCpuDuration().map(Duration::toNanos).orElse(0L);
    }

    /** Resets this process's peak RSS (VmHWM) to its current RSS; false when the kernel refuses. */
    static boolean resetPeakRss() {
        try {
            Files.writeString(Path.of("/proc/self/clear_refs"), "5");
            return true;
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }

    /** Peak RSS of this process in MiB (VmHWM), or -1. */
    static double peakRssMb() {
        return statusKb("self", "VmHWM:") / 1024.0;
    }

    /** Peak RSS of process {@code pid} in MiB, or -1. */
    static double peakRssMb(long pid) {
        return statusKb(Long.toString(pid), "VmHWM:") / 1024.0;
    }

    private static long statusKb(String pid, String field) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc", pid, "status"))) {
                if (line.startsWith(field)) {
                    return Long.parseLong(line.substring(field.length()).trim().split("\\s+")[0]);
                }
            }
        } catch (IOException | RuntimeException e) {
            // not Linux, or the process is gone
        }
        return -1024;
    }
}
