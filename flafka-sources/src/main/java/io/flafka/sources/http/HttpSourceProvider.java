package io.flafka.sources.http;

import io.flafka.api.ComponentContext;
import io.flafka.api.ComponentKind;
import io.flafka.api.ComponentProvider;
import io.flafka.api.Source;
import io.flafka.api.config.Config;
import io.flafka.api.config.ConfigDef;
import io.flafka.api.config.ConfigException;
import io.flafka.api.metrics.SourceCounter;
import io.flafka.sources.support.TlsKeys;
import io.flafka.sources.support.TlsSettings;
import java.util.Locale;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Provides {@link HttpSource} as {@code http} ({@code org.apache.flume.source.http.HTTPSource}). */
public final class HttpSourceProvider implements ComponentProvider<Source> {
    private static final Logger LOG = LoggerFactory.getLogger(HttpSourceProvider.class);

    @Override
    public ComponentKind kind() {
        return ComponentKind.SOURCE;
    }

    @Override
    public String type() {
        return "http";
    }

    @Override
    public Set<String> aliases() {
        return Set.of("org.apache.flume.source.http.HTTPSource");
    }

    @Override
    public String description() {
        return "Accepts events over HTTP(S); one request is one channel transaction, answered 200 once committed.";
    }

    @Override
    public ConfigDef configDef() {
        return HttpSource.CONFIG_DEF;
    }

    @Override
    public Source create(ComponentContext context) {
        Config c = context.config();
        for (String key : c.raw().keySet()) {
            for (String p : HttpSource.JETTY_PREFIXES) {
                if (key.startsWith(p)) {
                    LOG.info("{}.{} is a Jetty setting; accepted and ignored (Flafka serves HTTP with the JDK server)",
                            context.qualifiedName(), key);
                }
            }
        }
        String handler = c.get(HttpSource.HANDLER).trim();
        HttpEventDecoder decoder = handler.equals(HttpSource.BLOB_HANDLER) || handler.equalsIgnoreCase("BLOB")
                ? new BlobEventDecoder(c.get(HttpSource.MAX_BLOB_LENGTH)) : new JsonEventDecoder();
        HttpAuth.Type type = HttpAuth.Type.valueOf(c.get(HttpSource.AUTH_TYPE).trim().toUpperCase(Locale.ROOT));
        if (type == HttpAuth.Type.BEARER && isBlank(c.get(HttpSource.AUTH_TOKEN))) {
            throw new ConfigException("auth.token", "is required when auth.type is bearer");
        }
        if (type == HttpAuth.Type.BASIC && (isBlank(c.get(HttpSource.AUTH_USERNAME))
                || c.get(HttpSource.AUTH_PASSWORD) == null)) {
            throw new ConfigException("auth.username", "auth.username and auth.password are required when auth.type "
                    + "is basic");
        }
        HttpAuth auth = new HttpAuth(type, c.get(HttpSource.AUTH_TOKEN), c.get(HttpSource.AUTH_USERNAME),
                c.get(HttpSource.AUTH_PASSWORD));
        TlsSettings tls = TlsKeys.read(c);
        HttpSource.Settings s = new HttpSource.Settings(c.get(HttpSource.BIND).trim(), c.get(HttpSource.PORT), decoder,
                c.get(HttpSource.MAX_REQUEST_BYTES), auth, tls);
        return new HttpSource(context.name(), s, context.counters(SourceCounter.class));
    }

    private static boolean isBlank(String v) {
        return v == null || v.isBlank();
    }
}
