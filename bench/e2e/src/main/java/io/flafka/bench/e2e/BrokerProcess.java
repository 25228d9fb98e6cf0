package io.flafka.bench.e2e;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs {@link BrokerMain} in its own JVM, on this JVM's class path, and reads its bootstrap address. */
final class BrokerProcess implements AutoCloseable {
    private final Process process;
    private final String bootstrap;

    BrokerProcess(List<String> jvmOptions, Path log) throws IOException {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.addAll(jvmOptions);
        cmd.add("-cp");
        cmd.add(System.getProperty("java.class.path"));
        cmd.add(BrokerMain.class.getName());
        process = new ProcessBuilder(cmd).redirectError(log.toFile()).start();
        BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        String line;
        String found = null;
        while ((line = out.readLine()) != null) {
            if (line.startsWith(BrokerMain.READY_PREFIX)) {
                found = line.substring(BrokerMain.READY_PREFIX.length()).trim();
                break;
            }
        }
        if (found == null) {
            process.destroyForcibly();
            throw new IOException("the broker child ended before it was ready; see " + log);
        }
        bootstrap = found;
    }

    String bootstrap() {
        return bootstrap;
    }

    ProcessHandle handle() {
        return process.toHandle();
    }

    @Override
    public void close() throws InterruptedException {
        try {
            process.getOutputStream().close();
        } catch (IOException e) {
            // already gone
        }
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
    }
}
