package io.flafka.core.config;

import io.flafka.api.ChannelProcessor;
import io.flafka.api.Source;

/** A source class that cannot be instantiated by name. */
public class NoDefaultConstructorSource implements Source {
    public NoDefaultConstructorSource(String required) {
    }

    @Override
    public void start(ChannelProcessor processor) {
    }

    @Override
    public void stop() {
    }
}
