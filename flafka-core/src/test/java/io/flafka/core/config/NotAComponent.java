package io.flafka.core.config;

/** A class that is no component at all. */
public class NotAComponent {
}
