package io.flafka.sources.support;

import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsParameters;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.util.Arrays;
import java.util.List;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLServerSocket;

/**
 * Server-side TLS for the HTTP and syslog sources from a key store, with Flume's protocol and cipher-suite include/exclude lists
 * (an empty include list means the JVM's defaults). Immutable; {@link #toString()} hides the password.
 */
public record TlsSettings(Path keystore, String password, String type, List<String> includeProtocols,
                   List<String> excludeProtocols, List<String> includeCipherSuites,
                   List<String> excludeCipherSuites) {

    /** An SSL context holding the key store's key. */
    public SSLContext context() throws IOException, GeneralSecurityException {
        KeyStore ks = KeyStore.getInstance(type);
        char[] pw = password == null ? null : password.toCharArray();
        try (InputStream in = Files.newInputStream(keystore)) {
            ks.load(in, pw);
        }
        KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(ks, pw);
        SSLContext ctx = SSLContext.getInstance("TLS");
        ctx.init(kmf.getKeyManagers(), null, null);
        return ctx;
    }

    /** Applies the include/exclude lists to every connection. */
    public HttpsConfigurator configurator(SSLContext ctx) {
        String[] protocols = filter(ctx.getDefaultSSLParameters().getProtocols(),
                ctx.getSupportedSSLParameters().getProtocols(), includeProtocols, excludeProtocols);
        String[] suites = filter(ctx.getDefaultSSLParameters().getCipherSuites(),
                ctx.getSupportedSSLParameters().getCipherSuites(), includeCipherSuites, excludeCipherSuites);
        return new HttpsConfigurator(ctx) {
            @Override
            public void configure(HttpsParameters params) {
                SSLParameters p = ctx.getDefaultSSLParameters();
                p.setProtocols(protocols);
                p.setCipherSuites(suites);
                params.setSSLParameters(p);
            }
        };
    }

    /** Restricts a server socket to the allowed protocols and cipher suites. */
    public void configure(SSLContext ctx, SSLServerSocket socket) {
        socket.setEnabledProtocols(filter(ctx.getDefaultSSLParameters().getProtocols(),
                ctx.getSupportedSSLParameters().getProtocols(), includeProtocols, excludeProtocols));
        socket.setEnabledCipherSuites(filter(ctx.getDefaultSSLParameters().getCipherSuites(),
                ctx.getSupportedSSLParameters().getCipherSuites(), includeCipherSuites, excludeCipherSuites));
    }

    static String[] filter(String[] defaults, String[] supported, List<String> include, List<String> exclude) {
        List<String> supportedList = Arrays.asList(supported);
        String[] base = include.isEmpty() ? defaults
                : include.stream().filter(supportedList::contains).toArray(String[]::new);
        return Arrays.stream(base).filter(x -> !exclude.contains(x)).toArray(String[]::new);
    }

    @Override
    public String toString() {
        return "TlsSettings[keystore=" + keystore + ", type=" + type + ", password=****]";
    }
}
