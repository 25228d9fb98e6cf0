package io.flafka.core.config;

import io.flafka.api.ComponentContext;
import io.flafka.api.Interceptor;

/** A Flume-style interceptor builder named by its class. */
public class UserInterceptorBuilder implements Interceptor.Builder {
    private String header;

    @Override
    public void configure(ComponentContext context) {
        header = context.config().getString("header", "user");
    }

    @Override
    public Interceptor build() {
        String h = header;
        return e -> {
            e.header(h, "yes");
            return e;
        };
    }
}
