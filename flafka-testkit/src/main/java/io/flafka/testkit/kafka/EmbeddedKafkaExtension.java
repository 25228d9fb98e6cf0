package io.flafka.testkit.kafka;

import java.util.function.UnaryOperator;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Shares one {@link EmbeddedKafkaBroker} across all tests of a class: started before the first test,
 * closed after the last.
 *
 * <pre>{@code
 * @RegisterExtension
 * static final EmbeddedKafkaExtension KAFKA = new EmbeddedKafkaExtension();
 * ... KAFKA.broker().createTopic("t", 1); KAFKA.bootstrapServers() ...
 * }</pre>
 *
 * Register it on a {@code static} field so that it is class-level.
 */
public final class EmbeddedKafkaExtension implements BeforeAllCallback, AfterAllCallback {
    private final UnaryOperator<EmbeddedKafkaBroker.Builder> customizer;
    private EmbeddedKafkaBroker broker;

    public EmbeddedKafkaExtension() {
        this(UnaryOperator.identity());
    }

    /** With broker properties adjusted, e.g. {@code b -> b.property("message.max.bytes", "2000")}. */
    public EmbeddedKafkaExtension(UnaryOperator<EmbeddedKafkaBroker.Builder> customizer) {
        this.customizer = customizer;
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        broker = customizer.apply(EmbeddedKafkaBroker.builder()).build().start();
    }

    @Override
    public void afterAll(ExtensionContext context) {
        if (broker != null) {
            broker.close();
            broker = null;
        }
    }

    /** The running broker; valid between beforeAll and afterAll. */
    public EmbeddedKafkaBroker broker() {
        if (broker == null) {
            throw new IllegalStateException("the broker is started in @BeforeAll; register the extension on a static field");
        }
        return broker;
    }

    public String bootstrapServers() {
        return broker().bootstrapServers();
    }
}
