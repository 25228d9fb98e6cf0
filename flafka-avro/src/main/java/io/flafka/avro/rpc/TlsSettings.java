package io.flafka.avro.rpc;

import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslProvider;
import io.netty.handler.ssl.util.InsecureTrustManagerFactory;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.TrustManagerFactory;

/**
 * What the avro source and sink need to speak TLS: a key or trust store (falling back to the JVM's
 * global {@code javax.net.ssl.*} settings, as Flume does) and the protocol and cipher-suite filters.
 * Builds Netty {@link SslContext}s with the JDK provider. Immutable; the password is never printed.
 *
 * @param storePath key store (server) or trust store (client); null for the global one
 * @param storePassword its password, or null
 * @param storeType JKS, PKCS12, ...
 * @param trustAll client only: accept any server certificate
 * @param includeProtocols when not empty, only these protocols
 * @param excludeProtocols never these protocols
 * @param includeCiphers when not empty, only these cipher suites
 * @param excludeCiphers never these cipher suites
 */
public record TlsSettings(String storePath, String storePassword, String storeType, boolean trustAll,
                          List<String> includeProtocols, List<String> excludeProtocols,
                          List<String> includeCiphers, List<String> excludeCiphers) {

    @Override
    public String toString() {
        return "TlsSettings{store=" + storePath + ", type=" + storeType + ", trustAll=" + trustAll
                + ", protocols=+" + includeProtocols + "-" + excludeProtocols + "}";
    }

    /** A server context from the key store (or {@code javax.net.ssl.keyStore}). */
    public SslContext serverContext() throws GeneralSecurityException, IOException {
        String path = storePath != null ? storePath : System.getProperty("javax.net.ssl.keyStore");
        if (path == null || path.isBlank()) {
            throw new GeneralSecurityException("ssl is on but no keystore is set (nor javax.net.ssl.keyStore)");
        }
        String password = storePath != null ? storePassword : System.getProperty("javax.net.ssl.keyStorePassword");
        String type = storePath != null ? storeType
                : System.getProperty("javax.net.ssl.keyStoreType", KeyStore.getDefaultType());
        KeyStore ks = load(path, password, type);
        KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(ks, password == null ? new char[0] : password.toCharArray());
        return filter(SslContextBuilder.forServer(kmf)).build();
    }

    /** A client context from the trust store, the JVM's default trust, or trusting all. */
    public SslContext clientContext() throws GeneralSecurityException, IOException {
        SslContextBuilder b = SslContextBuilder.forClient();
        if (trustAll) {
            b.trustManager(InsecureTrustManagerFactory.INSTANCE);
        } else if (storePath != null) {
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(load(storePath, storePassword, storeType));
            b.trustManager(tmf);
        }
        // else: the JDK default trust (javax.net.ssl.trustStore or cacerts)
        return filter(b).build();
    }

    private SslContextBuilder filter(SslContextBuilder b) throws GeneralSecurityException {
        SSLParameters defaults = SSLContext.getDefault().getDefaultSSLParameters();
        SSLParameters supported = SSLContext.getDefault().getSupportedSSLParameters();
        List<String> protocols = pick(includeProtocols.isEmpty() ? defaults.getProtocols() : supported.getProtocols(),
                includeProtocols, excludeProtocols);
        if (protocols.isEmpty()) {
            throw new GeneralSecurityException("no TLS protocol left after include-protocols/exclude-protocols");
        }
        List<String> ciphers = pick(includeCiphers.isEmpty() ? defaults.getCipherSuites()
                : supported.getCipherSuites(), includeCiphers, excludeCiphers);
        if (ciphers.isEmpty()) {
            throw new GeneralSecurityException("no cipher suite left after include/exclude-cipher-suites");
        }
        return b.sslProvider(SslProvider.JDK).protocols(protocols).ciphers(ciphers);
    }

    static List<String> pick(String[] available, List<String> include, List<String> exclude) {
        List<String> out = new ArrayList<>();
        for (String p : available) {
            if ((include.isEmpty() || containsIgnoreCase(include, p)) && !containsIgnoreCase(exclude, p)) {
                out.add(p);
            }
        }
        return out;
    }

    private static boolean containsIgnoreCase(List<String> words, String w) {
        for (String x : words) {
            if (x.equalsIgnoreCase(w)) {
                return true;
            }
        }
        return false;
    }

    private static KeyStore load(String path, String password, String type)
            throws GeneralSecurityException, IOException {
        KeyStore ks = KeyStore.getInstance(type == null ? KeyStore.getDefaultType() : type.toUpperCase(Locale.ROOT));
        try (InputStream in = Files.newInputStream(Path.of(path))) {
            ks.load(in, password == null ? null : password.toCharArray());
        }
        return ks;
    }
}
