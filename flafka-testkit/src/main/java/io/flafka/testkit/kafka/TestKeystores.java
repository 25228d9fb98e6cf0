package io.flafka.testkit.kafka;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A self-signed key pair for {@code 127.0.0.1} (IP subject alternative name, so host name verification
 * passes) in a PKCS12 key store, and a PKCS12 trust store holding its certificate; made at test time
 * with the JDK's {@code keytool}. The same pair serves broker and client, so it also works for mutual
 * TLS ({@code ssl.client.auth=required}).
 *
 * @param keystore the key store file
 * @param keystorePassword its password (also the key's)
 * @param truststore the trust store file
 * @param truststorePassword its password
 */
public record TestKeystores(Path keystore, String keystorePassword, Path truststore, String truststorePassword) {

    /** Generates both stores in {@code dir}. */
    public static TestKeystores generate(Path dir, String keystorePassword, String truststorePassword)
            throws IOException, InterruptedException {
        Files.createDirectories(dir);
        Path ks = dir.resolve("keystore.p12");
        Path ts = dir.resolve("truststore.p12");
        Path cert = dir.resolve("cert.pem");
        keytool(dir, "-genkeypair", "-alias", "flafka", "-keyalg", "RSA", "-keysize", "2048", "-validity", "7",
                "-dname", "CN=127.0.0.1", "-ext", "SAN=ip:127.0.0.1,dns:localhost", "-keystore", ks.toString(),
                "-storetype", "PKCS12", "-storepass", keystorePassword, "-keypass", keystorePassword);
        keytool(dir, "-exportcert", "-rfc", "-alias", "flafka", "-keystore", ks.toString(), "-storetype", "PKCS12",
                "-storepass", keystorePassword, "-file", cert.toString());
        keytool(dir, "-importcert", "-noprompt", "-alias", "flafka", "-file", cert.toString(), "-keystore",
                ts.toString(), "-storetype", "PKCS12", "-storepass", truststorePassword);
        return new TestKeystores(ks, keystorePassword, ts, truststorePassword);
    }

    private static void keytool(Path dir, String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>();
        cmd.add(Paths.get(System.getProperty("java.home"), "bin", "keytool").toString());
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true).start();
        byte[] out = p.getInputStream().readAllBytes();
        if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
            p.destroyForcibly();
            throw new IOException("keytool " + args[0] + " failed: " + new String(out, StandardCharsets.UTF_8));
        }
    }
}
