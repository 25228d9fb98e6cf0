package io.flafka.core.config;

/**
 * A Flume config filter ({@code a1.configfilters.f1.type = env|external}): looks up the value of a
 * {@code ${f1['key']}} reference. Called on the thread loading the configuration.
 */
interface ConfigFilter {

    /**
     * The value for {@code key}, or null when the filter has none.
     *
     * @throws Exception when the lookup itself failed (the message is shown to the user, so it must not
     *     contain the value)
     */
    String lookup(String key) throws Exception;
}
