package io.flafka.avro.source;

import io.flafka.api.config.Validator;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * The avro source's {@code ipFilterRules}: a comma-separated list of {@code allow|deny:ip|name:pattern}
 * where the pattern may use {@code *} (any characters) and {@code ?} (one character). Rules are tried
 * in order and the first match decides; a client no rule matches is allowed (as in Flume).
 *
 * <p>{@code ip} patterns match the client's textual address ({@code 10.1.2.3}, {@code 0:0:0:0:0:0:0:1});
 * {@code name} patterns match its host name by reverse lookup, case-insensitively, and a loopback
 * client also matches the name {@code localhost}. Immutable and thread-safe.
 */
public final class IpFilterRules {
    /** One rule. */
    record Rule(boolean allow, boolean byName, String text, Pattern pattern) {
    }

    private final List<Rule> rules;

    private IpFilterRules(List<Rule> rules) {
        this.rules = List.copyOf(rules);
    }

    /** Parses rules; throws IllegalArgumentException naming the bad rule. */
    public static IpFilterRules parse(String spec) {
        List<Rule> rules = new ArrayList<>();
        if (spec == null) {
            return new IpFilterRules(rules);
        }
        for (String raw : spec.split(",")) {
            String r = raw.trim();
            if (r.isEmpty()) {
                continue;
            }
            String[] parts = r.split(":", 3);
            if (parts.length != 3 || parts[2].isBlank()) {
                throw new IllegalArgumentException("rule '" + r + "' is not allow|deny:ip|name:pattern");
            }
            String verdict = parts[0].trim().toLowerCase(Locale.ROOT);
            String kind = parts[1].trim().toLowerCase(Locale.ROOT);
            if (!verdict.equals("allow") && !verdict.equals("deny")) {
                throw new IllegalArgumentException("rule '" + r + "' must start with allow or deny");
            }
            if (!kind.equals("ip") && !kind.equals("name")) {
                throw new IllegalArgumentException("rule '" + r + "' must say ip or name after " + verdict);
            }
            rules.add(new Rule(verdict.equals("allow"), kind.equals("name"), r, glob(parts[2].trim())));
        }
        return new IpFilterRules(rules);
    }

    /** A validator for the {@code ipFilterRules} key. */
    public static Validator<String> validator() {
        return new Validator<>() {
            @Override
            public String check(String value) {
                try {
                    parse(value);
                    return null;
                } catch (IllegalArgumentException e) {
                    return e.getMessage();
                }
            }

            @Override
            public String describe() {
                return "comma-separated allow|deny:ip|name:pattern rules";
            }
        };
    }

    private static Pattern glob(String pattern) {
        StringBuilder re = new StringBuilder();
        for (char c : pattern.toCharArray()) {
            switch (c) {
                case '*' -> re.append(".*");
                case '?' -> re.append('.');
                default -> re.append(Pattern.quote(String.valueOf(c)));
            }
        }
        return Pattern.compile(re.toString(), Pattern.CASE_INSENSITIVE);
    }

    /** True when no rules are set. */
    public boolean isEmpty() {
        return rules.isEmpty();
    }

    /** Whether a client at this address may connect: the first matching rule decides, else allowed. */
    public boolean allows(InetSocketAddress remote) {
        InetAddress addr = remote.getAddress();
        if (addr == null) {
            return true;
        }
        String ip = addr.getHostAddress();
        String name = null;
        for (Rule rule : rules) {
            boolean match;
            if (rule.byName()) {
                if (name == null) {
                    name = addr.getHostName(); // reverse lookup only when a name rule is reached
                }
                match = rule.pattern().matcher(name).matches()
                        || (addr.isLoopbackAddress() && rule.pattern().matcher("localhost").matches());
            } else {
                match = rule.pattern().matcher(ip).matches();
            }
            if (match) {
                return rule.allow();
            }
        }
        return true;
    }

    @Override
    public String toString() {
        return rules.stream().map(Rule::text).toList().toString();
    }
}
