package io.flafka.core.config;

import io.flafka.api.ChannelProcessor;
import io.flafka.api.ComponentContext;
import io.flafka.api.Configurable;
import io.flafka.api.Source;

/** A user source named by its class: implements the SPI directly and reads its raw keys. */
public class UserSource implements Source, Configurable {
    public String greeting;

    @Override
    public void configure(ComponentContext context) {
        greeting = context.config().getString("greeting", "none");
    }

    @Override
    public void start(ChannelProcessor processor) {
    }

    @Override
    public void stop() {
    }
}
