package io.flafka.avro;

import io.flafka.api.ComponentContext;
import io.flafka.api.ComponentKind;
import io.flafka.api.Event;
import io.flafka.api.config.Config;
import io.flafka.api.metrics.SinkCounter;
import io.flafka.api.metrics.SourceCounter;
import io.flafka.avro.sink.AvroSink;
import io.flafka.avro.sink.AvroSinkProvider;
import io.flafka.avro.source.AvroSource;
import io.flafka.avro.source.AvroSourceProvider;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** Shared test helpers: components built through their providers, events, key stores. */
public final class Fixtures {
    public static final String PASSWORD = "changeit-test";

    private Fixtures() {
    }

    public static AvroSource source(Map<String, String> raw, SourceCounter counter) {
        AvroSourceProvider p = new AvroSourceProvider();
        return (AvroSource) p.create(new ComponentContext("a1", counter.name(), ComponentKind.SOURCE,
                Config.parse(p.configDef(), raw), counter));
    }

    public static AvroSink sink(Map<String, String> raw, SinkCounter counter) {
        AvroSinkProvider p = new AvroSinkProvider();
        return (AvroSink) p.create(new ComponentContext("a1", counter.name(), ComponentKind.SINK,
                Config.parse(p.configDef(), raw), counter));
    }

    /** A source config on 127.0.0.1, any free port, plus these keys. */
    public static Map<String, String> sourceConfig(String... kv) {
        Map<String, String> m = new HashMap<>(Map.of("bind", "127.0.0.1", "port", "0"));
        for (int i = 0; i < kv.length; i += 2) {
            m.put(kv[i], kv[i + 1]);
        }
        return m;
    }

    /** A sink config to 127.0.0.1:port with short timeouts, plus these keys. */
    public static Map<String, String> sinkConfig(int port, String... kv) {
        Map<String, String> m = new HashMap<>(Map.of("hostname", "127.0.0.1", "port", Integer.toString(port),
                "connect-timeout", "5000", "request-timeout", "10000"));
        for (int i = 0; i < kv.length; i += 2) {
            m.put(kv[i], kv[i + 1]);
        }
        return m;
    }

    /** Events {@code prefix0..} each with headers {@code i} and {@code src}. */
    public static List<Event> events(String prefix, int n) {
        List<Event> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            out.add(Event.of((prefix + i).getBytes(StandardCharsets.UTF_8),
                    Map.of("i", Integer.toString(i), "src", "test", "unicode", "h\u00e9\u20ac")));
        }
        return out;
    }

    public static List<String> bodies(List<Event> events) {
        return events.stream().map(Event::bodyAsString).toList();
    }

    /** A port nobody listens on right now. */
    public static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    /** Key and trust stores made with the JDK's keytool. */
    public record Stores(Path keystore, Path truststore, String type) {
    }

    /** Makes a self-signed server key store (CN=localhost, SAN ip 127.0.0.1) and a trust store holding its certificate. */
    public static Stores stores(Path dir, String type) throws Exception {
        String ext = type.equalsIgnoreCase("PKCS12") ? ".p12" : ".jks";
        Path ks = dir.resolve("server" + ext);
        Path cert = dir.resolve("server.cer");
        Path ts = dir.resolve("trust" + ext);
        keytool("-genkeypair", "-alias", "server", "-keyalg", "RSA", "-keysize", "2048", "-dname", "CN=localhost",
                "-ext", "SAN=ip:127.0.0.1,dns:localhost", "-validity", "2", "-keystore", ks.toString(),
                "-storetype", type, "-storepass", PASSWORD, "-keypass", PASSWORD);
        keytool("-exportcert", "-alias", "server", "-keystore", ks.toString(), "-storetype", type, "-storepass",
                PASSWORD, "-file", cert.toString());
        keytool("-importcert", "-noprompt", "-alias", "server", "-file", cert.toString(), "-keystore", ts.toString(),
                "-storetype", type, "-storepass", PASSWORD);
        return new Stores(ks, ts, type);
    }

    private static Stores shared;

    /**
     * JKS stores made once per test JVM (keytool is slow on a busy machine), in a temporary directory
     * removed when the JVM exits.
     */
    public static synchronized Stores sharedStores() throws Exception {
        if (shared == null) {
            Path dir = Files.createTempDirectory("flafka-avro-tls");
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                try (var files = Files.list(dir)) {
                    files.forEach(f -> f.toFile().delete());
                } catch (IOException ignored) {
                    // best effort
                }
                dir.toFile().delete();
            }));
            shared = stores(dir, "JKS");
        }
        return shared;
    }

    /** The server key store converted to PKCS12 (one keytool run). */
    public static Path pkcs12KeyStore(Stores jks, Path dir) throws Exception {
        Path p12 = dir.resolve("server-converted.p12");
        keytool("-importkeystore", "-noprompt", "-srckeystore", jks.keystore().toString(), "-srcstoretype",
                jks.type(), "-srcstorepass", PASSWORD, "-destkeystore", p12.toString(), "-deststoretype", "PKCS12",
                "-deststorepass", PASSWORD, "-destkeypass", PASSWORD);
        return p12;
    }

    private static void keytool(String... args) throws Exception {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "keytool").toString());
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IllegalStateException("keytool " + String.join(" ", args) + " failed: " + out);
        }
    }
}
