package io.flafka.api;

/** The kinds of component a configuration file can name, with the SPI type each must implement. */
public enum ComponentKind {
    SOURCE(Source.class, "sources", "SOURCE"),
    CHANNEL(Channel.class, "channels", "CHANNEL"),
    SINK(Sink.class, "sinks", "SINK"),
    INTERCEPTOR(Interceptor.class, "interceptors", "INTERCEPTOR"),
    SELECTOR(ChannelSelector.class, "selector", "SELECTOR"),
    SINK_PROCESSOR(SinkProcessor.class, "processor", "SINKPROCESSOR");

    private final Class<?> spiType;
    private final String configWord;
    private final String metricsPrefix;

    ComponentKind(Class<?> spiType, String configWord, String metricsPrefix) {
        this.spiType = spiType;
        this.configWord = configWord;
        this.metricsPrefix = metricsPrefix;
    }

    /** The interface every component of this kind implements. */
    public Class<?> spiType() {
        return spiType;
    }

    /** The word used in configuration keys ({@code sources}, {@code channels}, {@code selector}...). */
    public String configWord() {
        return configWord;
    }

    /** The prefix of this kind's counter group in Flume's metrics JSON ({@code SOURCE.r1}). */
    public String metricsPrefix() {
        return metricsPrefix;
    }
}
