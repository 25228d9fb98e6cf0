package io.flafka.bench.e2e;

import io.flafka.dist.ClassArchiveTraining;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The class data sharing archive the agent JVMs map, made once per benchmark run the way {@code bin/flafka}
 * makes it on an agent's first start ({@link ClassArchiveTraining} under {@code -XX:ArchiveClassesAtExit},
 * with the agent JVMs' own class path). So the "first agent of a new JVM" starts as a deployed agent's second
 * and later starts do. {@code --class-archive off} measures a first start without it.
 */
final class ClassArchive {
    private ClassArchive() {
    }

    /**
     * Makes the archive and returns the JVM options that map it, or why it could not be made. The class path
     * must be made of jars only (JDK 17 refuses to archive with a directory on it): run-e2e.sh runs the
     * runner from its jar.
     */
    static Made make(String jvmOptions) {
        String cp = System.getProperty("java.class.path");
        for (String entry : cp.split(File.pathSeparator)) {
            if (Files.isDirectory(Path.of(entry))) {
                return new Made(List.of(), "off: the class path holds the directory " + entry);
            }
        }
        try {
            Path archive = Files.createTempFile("flafka-bench-classes-", ".jsa");
            Files.delete(archive);
            archive.toFile().deleteOnExit();
            List<String> cmd = new ArrayList<>();
            cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
            cmd.addAll(List.of(jvmOptions.split("\\s+")));
            cmd.addAll(List.of("-XX:ArchiveClassesAtExit=" + archive, "-Xlog:cds=off", "-Xlog:cds+dynamic=off",
                    "-cp", cp, ClassArchiveTraining.class.getName()));
            long t0 = System.nanoTime();
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD)
                    .start();
            if (!p.waitFor(120, TimeUnit.SECONDS) || p.exitValue() != 0 || !Files.isRegularFile(archive)) {
                p.destroyForcibly();
                return new Made(List.of(), "off: making it failed (exit " + (p.isAlive() ? "none" : p.exitValue()) + ")");
            }
            return new Made(List.of("-XX:SharedArchiveFile=" + archive, "-Xlog:cds=off", "-Xlog:cds+dynamic=off"),
                    String.format(java.util.Locale.ROOT, "%d MB, made in %.1f s as bin/flafka makes it", Files.size(archive)
                            / 1_000_000, (System.nanoTime() - t0) / 1e9));
        } catch (IOException e) {
            return new Made(List.of(), "off: " + e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Made(List.of(), "off: interrupted");
        }
    }

    /** The options that map the archive (none when it is off), and a line for the report. */
    record Made(List<String> options, String description) {
        boolean on() {
            return !options.isEmpty();
        }
    }
}
