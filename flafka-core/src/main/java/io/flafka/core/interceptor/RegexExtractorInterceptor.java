package io.flafka.core.interceptor;

import io.flafka.core.util.RateLimitedLog;
import io.flafka.core.util.UserClasses;
import io.flafka.api.ComponentContext;
import io.flafka.api.ComponentKind;
import io.flafka.api.ComponentProvider;
import io.flafka.api.Event;
import io.flafka.api.Interceptor;
import io.flafka.api.config.Config;
import io.flafka.api.config.ConfigDef;
import io.flafka.api.config.ConfigError;
import io.flafka.api.config.ConfigException;
import io.flafka.api.config.ConfigKey;
import io.flafka.api.config.Validators;
import io.flafka.api.metrics.CounterGroup;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.LongAdder;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Copies regular-expression groups of the body into headers, as Flume's {@code regex_extractor}
 * interceptor does: the body (UTF-8) is searched for {@code regex}; on a match, group <i>i</i> is
 * converted by the <i>i</i>-th serializer listed in {@code serializers} and stored in the header
 * {@code serializers.<s>.name} (overwriting it). A group that did not take part in the match sets no
 * header. Events that do not match pass unchanged. If a serializer fails, the event passes with none of
 * the headers set, is counted in {@value #PROCESS_FAIL} and logged (rate-limited WARN).
 *
 * <p>Serializer types ({@code serializers.<s>.type}): {@code default} or Flume's
 * {@code ...RegexExtractorInterceptorPassThroughSerializer} (the text itself), Flume's
 * {@code ...RegexExtractorInterceptorMillisSerializer} with {@code serializers.<s>.pattern} (epoch
 * milliseconds, see {@link MillisSerializer}), or the class name of a {@link RegexExtractorSerializer}.
 *
 * <p>Called on the source's threads; thread-safe (one matcher per call). Nothing to stop.
 */
public final class RegexExtractorInterceptor implements Interceptor {
    private static final Logger LOG = LoggerFactory.getLogger(RegexExtractorInterceptor.class);

    /** Counter of events passed through without headers because a serializer failed. */
    public static final String PROCESS_FAIL = "EventProcessFailCount";

    static final String FLUME_PASS_THROUGH =
            "org.apache.flume.interceptor.RegexExtractorInterceptorPassThroughSerializer";
    static final String FLUME_MILLIS = "org.apache.flume.interceptor.RegexExtractorInterceptorMillisSerializer";
    static final String SERIALIZERS_PREFIX = "serializers.";

    static final ConfigKey<String> REGEX = ConfigKey.stringKey("regex").required().validator(Validators.regex())
            .doc("Regular expression searched for in the body (UTF-8); its groups become headers.").build();
    static final ConfigKey<List<String>> SERIALIZERS = ConfigKey.listKey("serializers").required()
            .doc("Names of the serializers, one per group of regex, in group order.").build();
    static final ConfigDef DEF = ConfigDef.builder().keys(REGEX, SERIALIZERS)
            .prefix(SERIALIZERS_PREFIX, "serializers.<s>.name (header name, required), serializers.<s>.type "
                    + "(default, Flume's millis serializer class, or a RegexExtractorSerializer class), and the "
                    + "serializer's own keys such as serializers.<s>.pattern.")
            .build();

    private final Pattern pattern;
    private final String[] headerNames;
    private final RegexExtractorSerializer[] serializers;
    private final LongAdder failures;
    private final RateLimitedLog warn = new RateLimitedLog(LOG);

    RegexExtractorInterceptor(Pattern pattern, String[] headerNames, RegexExtractorSerializer[] serializers,
                              CounterGroup counters) {
        this.pattern = pattern;
        this.headerNames = headerNames;
        this.serializers = serializers;
        this.failures = counters.counter(PROCESS_FAIL);
    }

    static RegexExtractorInterceptor create(ComponentContext context) {
        Config config = context.config();
        Pattern pattern = Pattern.compile(config.get(REGEX));
        List<String> names = config.getList(SERIALIZERS);
        List<ConfigError> errors = new ArrayList<>();
        int groups = pattern.matcher("").groupCount();
        if (groups != names.size()) {
            errors.add(new ConfigError(ConfigPaths.of(context, SERIALIZERS.name()), "lists " + names.size()
                    + " serializer(s) but regex has " + groups + " group(s); they must match one to one"));
        }
        String[] headerNames = new String[names.size()];
        RegexExtractorSerializer[] serializers = new RegexExtractorSerializer[names.size()];
        for (int i = 0; i < names.size(); i++) {
            String s = names.get(i);
            String prefix = SERIALIZERS_PREFIX + s + ".";
            Map<String, String> props = config.subProperties(prefix);
            String header = props.get("name");
            if (header == null || header.isBlank()) {
                errors.add(new ConfigError(ConfigPaths.of(context, prefix + "name"),
                        "is required: the header that receives group " + (i + 1)));
            } else {
                headerNames[i] = header.trim();
            }
            try {
                serializers[i] = serializer(props);
            } catch (ConfigException e) {
                for (ConfigError err : e.errors()) {
                    errors.add(new ConfigError(ConfigPaths.of(context, prefix + err.path()), err.message()));
                }
            }
        }
        if (!errors.isEmpty()) {
            throw new ConfigException(errors);
        }
        warnUnlisted(context, names);
        return new RegexExtractorInterceptor(pattern, headerNames, serializers, context.counters());
    }

    /** Keys of serializers missing from the list are probably typos: say so rather than ignore them. */
    private static void warnUnlisted(ComponentContext context, List<String> names) {
        for (String key : context.config().subProperties(SERIALIZERS_PREFIX).keySet()) {
            int dot = key.indexOf('.');
            String s = dot < 0 ? key : key.substring(0, dot);
            if (!names.contains(s)) {
                LOG.warn("{}: ignored, '{}' is not listed in serializers {}",
                        ConfigPaths.of(context, SERIALIZERS_PREFIX + key), s, names);
            }
        }
    }

    private static RegexExtractorSerializer serializer(Map<String, String> props) {
        String type = props.getOrDefault("type", "default").trim();
        RegexExtractorSerializer serializer;
        if (type.equalsIgnoreCase("default") || type.equals(FLUME_PASS_THROUGH)) {
            serializer = new PassThroughSerializer();
        } else if (type.equals(FLUME_MILLIS)) {
            serializer = new MillisSerializer();
        } else {
            serializer = instantiate(type);
        }
        try {
            serializer.configure(props);
        } catch (IllegalArgumentException e) {
            throw new ConfigException("type", type + " rejected its configuration: " + e.getMessage());
        }
        return serializer;
    }

    private static RegexExtractorSerializer instantiate(String className) {
        return UserClasses.instantiate("type", className, RegexExtractorSerializer.class,
                "default, " + FLUME_MILLIS + " or ");
    }

    @Override
    public Event intercept(Event event) {
        extract(event, pattern.matcher(""), new String[serializers.length]);
        return event;
    }

    @Override
    public List<Event> intercept(List<Event> events) {
        Matcher matcher = pattern.matcher("");
        String[] values = new String[serializers.length];
        for (int i = 0, n = events.size(); i < n; i++) {
            extract(events.get(i), matcher, values);
        }
        return events;
    }

    private void extract(Event event, Matcher matcher, String[] values) {
        if (!matcher.reset(AsciiView.of(event.body())).find()) {
            return;
        }
        // Convert every group first so a failure leaves the event untouched.
        try {
            for (int g = 0; g < serializers.length; g++) {
                String group = matcher.group(g + 1);
                values[g] = group == null ? null : serializers[g].serialize(group);
            }
        } catch (RuntimeException e) {
            failures.increment();
            warn.warn("regex_extractor could not convert a group; event passed without headers: {}", e.toString());
            return;
        }
        for (int g = 0; g < serializers.length; g++) {
            if (values[g] != null) {
                event.header(headerNames[g], values[g]);
            }
        }
    }

    /** Makes {@link RegexExtractorInterceptor}s. */
    public static final class Provider implements ComponentProvider<Interceptor> {
        @Override
        public ComponentKind kind() {
            return ComponentKind.INTERCEPTOR;
        }

        @Override
        public String type() {
            return "regex_extractor";
        }

        @Override
        public Set<String> aliases() {
            return Set.of("org.apache.flume.interceptor.RegexExtractorInterceptor$Builder");
        }

        @Override
        public String description() {
            return "Copies the groups of a regular expression matched in the body into headers.";
        }

        @Override
        public ConfigDef configDef() {
            return DEF;
        }

        @Override
        public Interceptor create(ComponentContext context) {
            return RegexExtractorInterceptor.create(context);
        }
    }
}
