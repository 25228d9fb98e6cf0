package io.flafka.sources.http;

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

/**
 * Server-side TLS from a key store, with Flume's protocol and cipher-suite include/exclude lists
 * (an empty include list means the JVM's defaults). Immutable; {@link #toString()} hides the password.
 */
record TlsSettings(Path keystore, String password, String type, List<String> includeProtocols,
                   List<String> excludeProtocols, List<String> includeCipherSuites,
                   List<String> excludeCipherSuites) {

    SSLContext context() throws IOException, GeneralSecurityException {
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
    HttpsConfigurator configurator(SSLContext ctx) {
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
