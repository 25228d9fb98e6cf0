package io.flafka.kafka.check;

import io.flafka.api.ComponentKind;
import io.flafka.api.config.Config;
import io.flafka.api.config.Diagnostics;
import io.flafka.core.config.AgentSpec;
import io.flafka.core.config.ComponentSpec;
import io.flafka.core.config.SinkSpec;
import io.flafka.core.config.SourceSpec;
import io.flafka.core.config.TopologyCheck;
import io.flafka.kafka.channel.KafkaChannelConfig;
import io.flafka.kafka.common.TopicTemplate;
import io.flafka.kafka.sink.KafkaSinkConfig;
import io.flafka.kafka.source.KafkaSourceConfig;
import java.util.List;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * Warns about Flume's classic trap: a Kafka source and a Kafka sink joined by a channel, where the sink
 * would publish the events back into the topic the source reads (the source's {@code topic} header
 * overriding the sink's {@code kafka.topic}, or the same static topic on both), and likewise a Kafka
 * source writing into a Kafka channel on its own topic. At run time the Kafka sink refuses such events
 * unless {@code allowTopicLoop = true} (its batches fail and the channel fills up); with
 * {@code allowTopicLoop = true} the loop is taken as intended and only noted.
 *
 * <p>Found through {@link java.util.ServiceLoader}; run by the configuration loader's thread.
 */
public final class TopicLoopCheck implements TopologyCheck {
    private static final String TYPE = "kafka";

    @Override
    public void check(AgentSpec spec, Diagnostics diagnostics) {
        String agent = spec.agentName();
        for (SourceSpec source : spec.sources().values()) {
            if (!isKafka(source.component(), ComponentKind.SOURCE)) {
                continue;
            }
            SourceTopics topics = SourceTopics.of(source.component().config());
            for (String channel : source.channels()) {
                ComponentSpec ch = spec.channels().get(channel);
                if (ch != null && isKafka(ch, ComponentKind.CHANNEL)) {
                    checkChannel(agent, source, topics, ch, diagnostics);
                }
                for (SinkSpec sink : spec.sinks().values()) {
                    if (sink.channel().equals(channel) && isKafka(sink.component(), ComponentKind.SINK)) {
                        checkSink(agent, source, topics, channel, sink, diagnostics);
                    }
                }
            }
        }
    }

    private static void checkSink(String agent, SourceSpec source, SourceTopics topics, String channel, SinkSpec sink,
                                  Diagnostics d) {
        Config src = source.component().config();
        Config snk = sink.component().config();
        String sinkPath = agent + ".sinks." + sink.name();
        String srcPath = agent + ".sources." + source.name();
        boolean loopAllowed = snk.get(KafkaSinkConfig.ALLOW_TOPIC_LOOP);
        String intro = "Kafka sink '" + sink.name() + "' would write events read by Kafka source '" + source.name()
                + "' (" + topics + ") back into ";
        String consequence = loopAllowed
                ? " allowTopicLoop = true, so they would circulate endlessly."
                : " At run time the sink refuses them (allowTopicLoop = false): its batches fail and channel '"
                        + channel + "' fills up.";
        boolean headerOverrides = snk.get(KafkaSinkConfig.ALLOW_TOPIC_OVERRIDE) && src.get(KafkaSourceConfig.SET_TOPIC_HEADER)
                && snk.get(KafkaSinkConfig.TOPIC_HEADER).equals(src.get(KafkaSourceConfig.TOPIC_HEADER));
        String message;
        String path;
        if (headerOverrides) {
            String header = snk.get(KafkaSinkConfig.TOPIC_HEADER);
            path = sinkPath + "." + KafkaSinkConfig.ALLOW_TOPIC_OVERRIDE.name();
            message = intro + "the source's topic, through channel '" + channel + "': source '" + source.name()
                    + "' puts the topic it read into the '" + header + "' header (setTopicHeader = true) and the "
                    + "sink's allowTopicOverride = true lets that header replace its kafka.topic '"
                    + snk.get(KafkaSinkConfig.TOPIC) + "'." + consequence + " Fix: set " + sinkPath
                    + ".allowTopicOverride = false (or " + srcPath + ".setTopicHeader = false).";
        } else {
            TopicTemplate t = TopicTemplate.parse(snk.get(KafkaSinkConfig.TOPIC));
            if (!t.isConstant() || !topics.matches(t.toString())) {
                return;
            }
            path = sinkPath + "." + KafkaSinkConfig.TOPIC.name();
            message = intro + "topic '" + t + "', through channel '" + channel + "': the sink's kafka.topic is a "
                    + "topic the source reads." + consequence + " Fix: give " + sinkPath
                    + ".kafka.topic a topic the source does not read.";
        }
        if (loopAllowed) {
            d.info(path, message);
        } else {
            d.warn(path, message);
        }
    }

    private static void checkChannel(String agent, SourceSpec source, SourceTopics topics, ComponentSpec channel,
                                     Diagnostics d) {
        String topic = channel.config().get(KafkaChannelConfig.TOPIC);
        if (topics.matches(topic)) {
            d.warn(agent + ".channels." + channel.name() + "." + KafkaChannelConfig.TOPIC.name(),
                    "Kafka source '" + source.name() + "' (" + topics + ") writes into Kafka channel '"
                    + channel.name() + "' whose topic '" + topic + "' the source also reads: every event would "
                    + "be read again, endlessly. Fix: give " + agent + ".channels." + channel.name()
                    + ".kafka.topic a topic of its own.");
        }
    }

    private static boolean isKafka(ComponentSpec c, ComponentKind kind) {
        if (c.kind() != kind || !TYPE.equals(c.factory().typeName())) {
            return false;
        }
        // the declaration identifies Flafka's own component even if a plug-in reused the type name
        return switch (kind) {
            case SOURCE -> c.factory().configDef() == KafkaSourceConfig.DEF;
            case SINK -> c.factory().configDef() == KafkaSinkConfig.DEF;
            case CHANNEL -> c.factory().configDef() == KafkaChannelConfig.DEF;
            default -> false;
        };
    }

    /** The topics a Kafka source reads: a list, or a pattern (which wins, as in the source). */
    private record SourceTopics(List<String> list, Pattern pattern) {
        static SourceTopics of(Config c) {
            String regex = c.get(KafkaSourceConfig.TOPICS_REGEX);
            if (regex != null) {
                try {
                    return new SourceTopics(List.of(), Pattern.compile(regex));
                } catch (PatternSyntaxException e) {
                    return new SourceTopics(List.of(), null);
                }
            }
            List<String> l = c.getList(KafkaSourceConfig.TOPICS);
            return new SourceTopics(l == null ? List.of() : l, null);
        }

        boolean matches(String topic) {
            return pattern != null ? pattern.matcher(topic).matches() : list.contains(topic);
        }

        @Override
        public String toString() {
            return pattern != null ? "topics matching '" + pattern + "'"
                    : (list.size() == 1 ? "topic '" + list.get(0) + "'" : "topics " + list);
        }
    }
}
