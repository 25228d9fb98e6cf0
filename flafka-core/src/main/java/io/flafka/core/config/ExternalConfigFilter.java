package io.flafka.core.config;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.Charset;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Flume's {@code external} config filter: runs {@code <command> <key>} and takes the first line the
 * command prints as the value. The command must exit with 0 within the timeout; its standard error is
 * discarded (it may hold secrets). Results are cached for the lifetime of one load.
 */
final class ExternalConfigFilter implements ConfigFilter {
    private final String command;
    private final Charset charset;
    private final long timeoutMillis;
    private final Map<String, String> cache = new HashMap<>();

    ExternalConfigFilter(String command, Charset charset, long timeoutMillis) {
        this.command = command;
        this.charset = charset;
        this.timeoutMillis = timeoutMillis;
    }

    @Override
    public String lookup(String key) throws Exception {
        if (cache.containsKey(key)) {
            return cache.get(key);
        }
        String value = run(key);
        cache.put(key, value);
        return value;
    }

    private String run(String key) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(command, key)
                .redirectError(ProcessBuilder.Redirect.DISCARD)
                .start();
        process.getOutputStream().close();
        try {
            if (!process.waitFor(timeoutMillis, TimeUnit.MILLISECONDS)) {
                throw new IOException("'" + command + "' did not finish within " + timeoutMillis + " ms");
            }
            if (process.exitValue() != 0) {
                throw new IOException("'" + command + "' exited with code " + process.exitValue());
            }
            // The process has exited, so what it printed is in the pipe: read only that, never block on a
            // pipe a grandchild process might keep open. (One line is far below the pipe's buffer.)
            InputStream out = process.getInputStream();
            byte[] bytes = out.readNBytes(out.available());
            String text = new String(bytes, charset);
            int eol = firstLineEnd(text);
            String line = eol < 0 ? text : text.substring(0, eol);
            return line.isEmpty() && eol < 0 ? null : line;
        } finally {
            // A timed-out script may have started children (sleep, curl...): do not leave them behind.
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly();
        }
    }

    private static int firstLineEnd(String text) {
        int n = text.indexOf('\n');
        int r = text.indexOf('\r');
        if (n < 0) {
            return r;
        }
        return r < 0 ? n : Math.min(n, r);
    }
}
