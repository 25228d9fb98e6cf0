package io.flafka.sources.exec;

import static org.assertj.core.api.Assertions.assertThat;

import io.flafka.api.ComponentContext;
import io.flafka.api.ComponentKind;
import io.flafka.api.ComponentProvider;
import io.flafka.api.Source;
import io.flafka.api.config.Config;
import io.flafka.api.metrics.SourceCounter;
import io.flafka.testkit.CollectingChannelProcessor;
import io.flafka.testkit.SourceContractTest;
import java.io.FileOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ExecSourceTest extends SourceContractTest {
    @TempDir
    Path dir;
    private int produced;

    @Override
    protected ComponentProvider<?> provider() {
        return new ExecSourceProvider();
    }

    @Override
    protected Map<String, String> config() throws Exception {
        Path f = dir.resolve("input.log");
        Files.createFile(f);
        Map<String, String> m = new HashMap<>();
        m.put("shell", "/bin/sh -c");
        m.put("command", "exec tail -n +1 -f " + f);
        m.put("batchSize", "5");
        m.put("batchTimeout", "50");
        return m;
    }

    @Override
    protected List<String> produce(Source source, int n) throws Exception {
        List<String> out = new ArrayList<>();
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < n; i++) {
            String body = "line-" + produced++;
            out.add(body);
            sb.append(body).append('\n');
        }
        try (FileOutputStream o = new FileOutputStream(dir.resolve("input.log").toFile(), true)) {
            o.write(sb.toString().getBytes(StandardCharsets.UTF_8));
        }
        return out;
    }

    private ExecSource create(Map<String, String> raw) {
        return (ExecSource) new ExecSourceProvider().create(new ComponentContext("a1", "r1", ComponentKind.SOURCE,
                Config.parse(ExecSource.CONFIG_DEF, raw), new SourceCounter("r1")));
    }

    @Test
    void shellCommandOutputBecomesEventsAndRestartRunsItAgain() {
        Map<String, String> raw = new HashMap<>();
        raw.put("shell", "/bin/sh -c");
        raw.put("command", "for i in 1 2 3; do echo \"n$i\"; done; echo oops >&2");
        raw.put("restart", "true");
        raw.put("restartThrottle", "10");
        raw.put("logStdErr", "true");
        raw.put("batchTimeout", "20");
        CollectingChannelProcessor p = new CollectingChannelProcessor();
        ExecSource s = create(raw);
        s.start(p);
        Awaitility.await().atMost(PATIENCE).until(() -> p.count() >= 6);
        s.stop();
        assertThat(p.bodies().subList(0, 6)).containsExactly("n1", "n2", "n3", "n1", "n2", "n3");
    }

    @Test
    void batchSizeBoundsEachTransactionAndWithoutRestartTheCommandRunsOnce() throws Exception {
        Map<String, String> raw = new HashMap<>();
        raw.put("shell", "/bin/sh -c");
        raw.put("command", "for i in 1 2 3 4 5 6 7; do echo \"b$i\"; done");
        raw.put("batchSize", "3");
        raw.put("batchTimeout", "200");
        raw.put("restartThrottle", "0");
        CollectingChannelProcessor p = new CollectingChannelProcessor();
        ExecSource s = create(raw);
        s.start(p);
        try {
            Awaitility.await().atMost(PATIENCE).until(() -> p.count() >= 7);
            Process first = s.process();
            assertThat(first.waitFor(30, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
            // restart = false (the default): with restartThrottle = 0 a restart would follow at once
            Thread.sleep(300);
            assertThat(s.process()).isSameAs(first);
            assertThat(p.count()).isEqualTo(7);
        } finally {
            s.stop();
        }
        assertThat(p.bodies()).containsExactly("b1", "b2", "b3", "b4", "b5", "b6", "b7");
        assertThat(p.batches()).allSatisfy(b -> assertThat(b).hasSizeLessThanOrEqualTo(3));
        assertThat(p.batches()).hasSizeGreaterThanOrEqualTo(3);
    }

    @Test
    void logStdErrLogsTheCommandsStandardErrorAtWarn() {
        ch.qos.logback.classic.Logger log = (ch.qos.logback.classic.Logger) org.slf4j.LoggerFactory
                .getLogger(ExecSource.class);
        ch.qos.logback.core.read.ListAppender<ch.qos.logback.classic.spi.ILoggingEvent> appender =
                new ch.qos.logback.core.read.ListAppender<>();
        appender.start();
        log.addAppender(appender);
        try {
            for (String logStdErr : new String[] {"false", "true"}) {
                Map<String, String> raw = new HashMap<>();
                raw.put("shell", "/bin/sh -c");
                raw.put("command", "echo to-err-" + logStdErr + " >&2; echo out");
                raw.put("logStdErr", logStdErr);
                raw.put("batchTimeout", "20");
                CollectingChannelProcessor p = new CollectingChannelProcessor();
                ExecSource s = create(raw);
                s.start(p);
                Awaitility.await().atMost(PATIENCE).until(() -> p.count() >= 1);
                if (logStdErr.equals("true")) {
                    Awaitility.await().atMost(PATIENCE).until(() -> appender.list.stream()
                            .anyMatch(e -> e.getFormattedMessage().contains("stderr: to-err-true")));
                }
                s.stop();
                assertThat(p.bodies()).as("stderr never becomes events").containsExactly("out");
            }
            assertThat(appender.list).filteredOn(e -> e.getFormattedMessage().contains("stderr: to-err-"))
                    .singleElement().satisfies(e -> {
                        assertThat(e.getLevel()).isEqualTo(ch.qos.logback.classic.Level.WARN);
                        assertThat(e.getFormattedMessage()).contains("to-err-true");
                    });
        } finally {
            log.detachAppender(appender);
        }
    }

    @Test
    void withoutShellTheCommandIsSplitOnWhitespace() {
        Map<String, String> raw = new HashMap<>();
        raw.put("command", "echo hello   world");
        raw.put("batchTimeout", "20");
        CollectingChannelProcessor p = new CollectingChannelProcessor();
        ExecSource s = create(raw);
        assertThat(s.commandLine()).containsExactly("echo", "hello", "world");
        s.start(p);
        Awaitility.await().atMost(PATIENCE).until(() -> p.count() >= 1);
        s.stop();
        assertThat(p.bodies()).containsExactly("hello world");
    }

    @Test
    void stopKillsTheWholeProcessTree() {
        Map<String, String> raw = new HashMap<>();
        raw.put("shell", "/bin/sh -c");
        raw.put("command", "sleep 300 & sleep 300 & echo up; wait");
        raw.put("batchTimeout", "20");
        CollectingChannelProcessor p = new CollectingChannelProcessor();
        ExecSource s = create(raw);
        s.start(p);
        Awaitility.await().atMost(PATIENCE).until(() -> p.count() >= 1);
        List<ProcessHandle> tree = new ArrayList<>(s.process().descendants().toList());
        tree.add(s.process().toHandle());
        assertThat(tree).hasSizeGreaterThanOrEqualTo(3);
        s.stop();
        Awaitility.await().atMost(PATIENCE).until(() -> tree.stream().noneMatch(ProcessHandle::isAlive));
    }
}
