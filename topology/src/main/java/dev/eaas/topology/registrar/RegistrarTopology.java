package dev.eaas.topology.registrar;

import dev.eaas.topics.AvroSerde;
import dev.eaas.topics.TopicCatalogue;
import dev.eaas.topics.avro.CoordinatorHeartbeat;
import dev.eaas.topics.avro.DeadLetter;
import dev.eaas.topics.avro.RegistrationReply;
import dev.eaas.topics.avro.RegistrationRequest;
import dev.eaas.topics.avro.SubscriberRecord;
import dev.eaas.topology.common.DeadLetters;
import dev.eaas.topology.common.ServiceConfig;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.processor.TopicNameExtractor;
import org.apache.kafka.streams.state.Stores;

/**
 * The registrar: registers subscribers, draws their tokens and assigns each one a coordinator (Algorithm 1 and
 * Figure 7 of Javadpour et al., "Improving the Security of Service Mesh in Kubernetes").
 *
 * <p>The paper has the registrar hand a new subscriber to a coordinator, which stores it and confirms
 * back. Here coordinators announce themselves with heartbeats, the registrar picks the least-loaded live
 * one itself and publishes the subscriber on the compacted subscriber table that every coordinator reads.
 * That keeps registration one exactly-once step, so a token is drawn once and never handed out twice.
 * The cost is a short window in which a coordinator has not read the new subscriber yet. Requests in that
 * window get the retriable error NOT_REGISTERED.
 */
public final class RegistrarTopology {

    public static final String COMPONENT = "registrar";
    static final String SUBSCRIBER_STORE = "registrar-subscribers";
    static final String COORDINATOR_STORE = "registrar-coordinators";

    private RegistrarTopology() {
    }

    public static Topology build(ServiceConfig config) {
        Topology topology = new Topology();
        topology.addSource("registrations", Serdes.String().deserializer(),
                AvroSerde.of(RegistrationRequest.class), TopicCatalogue.registrationRequestTopicPattern());
        // A global store, so the registration requests' subtopology has its pattern source alone. With a second
        // source there, Kafka Streams 4.1.2 failed the thread ("unknown to the topology") when a new topic matched.
        topology.addGlobalStore(Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore(COORDINATOR_STORE),
                        Serdes.Integer(), Serdes.Long()).withLoggingDisabled(),
                "heartbeats", Serdes.String().deserializer(), AvroSerde.of(CoordinatorHeartbeat.class),
                TopicCatalogue.COORDINATOR_HEARTBEATS, "heartbeat-processor", HeartbeatProcessor::new);

        RegistrationProcessor.SuitePolicy suites = new RegistrationProcessor.SuitePolicy() {
            @Override
            public String defaultSuiteName() {
                return config.defaultSuite().suiteName();
            }

            @Override
            public String rejection(String suiteName) {
                return config.suiteRejection(suiteName);
            }
        };
        topology.addProcessor("registration-processor",
                () -> new RegistrationProcessor(config.frameLayout(), config.maxDeceptionFactorBits(),
                        config.getLong(ServiceConfig.COORDINATOR_LIVENESS_TIMEOUT_MS), suites),
                "registrations");

        topology.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(SUBSCRIBER_STORE),
                Serdes.Integer(), AvroSerde.of(SubscriberRecord.class)), "registration-processor");

        topology.addSink(RegistrationProcessor.SUBSCRIBER_SINK, TopicCatalogue.SUBSCRIBERS,
                Serdes.String().serializer(), AvroSerde.of(SubscriberRecord.class), "registration-processor");
        TopicNameExtractor<String, RegistrationReply> replyTopic =
                (key, reply, context) -> TopicCatalogue.registrationReplyTopic(reply.getSubscriber());
        topology.addSink(RegistrationProcessor.REPLY_SINK, replyTopic,
                Serdes.String().serializer(), AvroSerde.of(RegistrationReply.class), "registration-processor");
        topology.addSink(DeadLetters.SINK, TopicCatalogue.DEAD_LETTERS,
                Serdes.String().serializer(), AvroSerde.of(DeadLetter.class), "registration-processor");
        return topology;
    }
}
