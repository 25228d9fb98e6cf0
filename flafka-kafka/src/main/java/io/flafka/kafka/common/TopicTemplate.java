package io.flafka.kafka.common;

import io.flafka.api.Event;
import java.util.ArrayList;
import java.util.List;

/**
 * A topic name with {@code %{header}} escapes, parsed once. A missing header expands to the empty
 * string, as in Flume.
 */
public final class TopicTemplate {
    private final String constant;
    private final String[] literals;
    private final String[] headers;

    private TopicTemplate(String constant, String[] literals, String[] headers) {
        this.constant = constant;
        this.literals = literals;
        this.headers = headers;
    }

    public static TopicTemplate parse(String template) {
        List<String> lits = new ArrayList<>();
        List<String> hdrs = new ArrayList<>();
        int pos = 0;
        StringBuilder lit = new StringBuilder();
        while (pos < template.length()) {
            int start = template.indexOf("%{", pos);
            int end = start < 0 ? -1 : template.indexOf('}', start + 2);
            if (start < 0 || end < 0) {
                lit.append(template, pos, template.length());
                break;
            }
            lit.append(template, pos, start);
            lits.add(lit.toString());
            lit.setLength(0);
            hdrs.add(template.substring(start + 2, end));
            pos = end + 1;
        }
        if (hdrs.isEmpty()) {
            return new TopicTemplate(lit.toString(), null, null);
        }
        lits.add(lit.toString());
        return new TopicTemplate(null, lits.toArray(String[]::new), hdrs.toArray(String[]::new));
    }

    /** True when the template has no escapes. */
    public boolean isConstant() {
        return constant != null;
    }

    /** The topic for one event. */
    public String resolve(Event event) {
        if (constant != null) {
            return constant;
        }
        StringBuilder sb = new StringBuilder(32);
        for (int i = 0; i < headers.length; i++) {
            sb.append(literals[i]);
            String v = event.header(headers[i]);
            if (v != null) {
                sb.append(v);
            }
        }
        sb.append(literals[headers.length]);
        return sb.toString();
    }

    @Override
    public String toString() {
        if (constant != null) {
            return constant;
        }
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < headers.length; i++) {
            sb.append(literals[i]).append("%{").append(headers[i]).append('}');
        }
        return sb.append(literals[headers.length]).toString();
    }
}
