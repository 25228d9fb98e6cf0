package io.flafka.api.config;

/** The value types a configuration key can declare. */
public enum ConfigType {
    STRING, INT, LONG, DOUBLE, BOOLEAN,
    /** Names separated by whitespace and/or commas; parsed as {@code List<String>}. */
    LIST,
    /** A string that is never printed: logs, {@code validate} output and metrics show it masked. */
    PASSWORD
}
