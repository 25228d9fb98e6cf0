package io.flafka.core.processor;

import io.flafka.api.Channel;
import io.flafka.api.Sink;
import io.flafka.api.Status;
import java.util.List;

/** A sink double: counts calls, fails while {@code failing} is set, records the call order globally. */
final class FakeSink implements Sink {
    final String name;
    final List<String> log;
    boolean failing;
    Status status = Status.READY;
    int calls;

    FakeSink(String name, List<String> log) {
        this.name = name;
        this.log = log;
    }

    @Override
    public void start(Channel channel) {
    }

    @Override
    public Status process() throws Exception {
        calls++;
        log.add(name);
        if (failing) {
            throw new IllegalStateException(name + " is down");
        }
        return status;
    }

    @Override
    public void stop() {
    }
}
