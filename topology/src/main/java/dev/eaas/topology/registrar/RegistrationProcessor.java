package dev.eaas.topology.registrar;

import dev.eaas.topics.ErrorCode;
import dev.eaas.topics.SuiteId;
import dev.eaas.topics.TopicCatalogue;
import dev.eaas.topics.avro.RegistrationReply;
import dev.eaas.topics.avro.RegistrationRequest;
import dev.eaas.topics.avro.SubscriberRecord;
import dev.eaas.topics.frame.FrameLayout;
import dev.eaas.topology.common.DeadLetters;
import dev.eaas.topology.common.TopicExistence;
import java.security.SecureRandom;
import java.util.HashMap;
import java.util.Map;
import java.util.OptionalInt;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Registers a subscriber: checks its id and deception factor, draws a d-bit token from a secure random
 * source, assigns the least-loaded live coordinator, publishes the subscriber for coordinators and replies
 * on the subscriber's registration topic. Registering again returns the first registration unchanged.
 */
final class RegistrationProcessor implements Processor<String, RegistrationRequest, String, Object> {

    static final String SUBSCRIBER_SINK = "subscriber-sink";
    static final String REPLY_SINK = "registration-reply-sink";

    private static final Logger LOG = LoggerFactory.getLogger(RegistrationProcessor.class);

    private final FrameLayout layout;
    private final int maxDeceptionFactorBits;
    private final long livenessTimeoutMs;
    private final SuitePolicy suites;
    private final SecureRandom random = new SecureRandom();

    private ProcessorContext<String, Object> context;
    private KeyValueStore<Integer, SubscriberRecord> subscribers;
    private KeyValueStore<Integer, Long> lastHeartbeatMs;
    private TopicExistence topics;

    RegistrationProcessor(FrameLayout layout, int maxDeceptionFactorBits, long livenessTimeoutMs, SuitePolicy suites) {
        this.layout = layout;
        this.maxDeceptionFactorBits = maxDeceptionFactorBits;
        this.livenessTimeoutMs = livenessTimeoutMs;
        this.suites = suites;
    }

    /** The cipher suites subscribers may choose, as the service configuration sets them. */
    interface SuitePolicy {
        /** Returns the suite of subscribers that name none. */
        String defaultSuiteName();

        /** Returns why the named suite is refused, or null if a subscriber may use it. */
        String rejection(String suiteName);
    }

    @Override
    public void init(ProcessorContext<String, Object> context) {
        this.context = context;
        this.subscribers = context.getStateStore(RegistrarTopology.SUBSCRIBER_STORE);
        this.lastHeartbeatMs = context.getStateStore(RegistrarTopology.COORDINATOR_STORE);
        this.topics = new TopicExistence(context.appConfigs());
    }

    @Override
    public void process(Record<String, RegistrationRequest> record) {
        RegistrationRequest request = record.value();
        if (request == null) {
            deadLetter("registration without a value", 0);
            return;
        }
        int subscriber = request.getSubscriber();
        String topic = context.recordMetadata().map(metadata -> metadata.topic()).orElse("");
        if (!topic.equals(TopicCatalogue.registrationRequestTopic(subscriber))) {
            // Only the subscriber's own requesters may write its request topic, so the topic names the subscriber.
            // A request for another id gets no reply, because the reply would go to that other subscriber.
            deadLetter("registration for subscriber " + subscriber + " arrived on topic " + topic + ", which belongs to"
                    + " another subscriber", 0);
            return;
        }
        String replyTopic = TopicCatalogue.registrationReplyTopic(subscriber);
        if (subscriber < 0 || subscriber > layout.maxSubscriber()) {
            deadLetter("subscriber " + subscriber + " is outside 0.." + layout.maxSubscriber()
                    + ", so it has no registration topic to answer on", 0);
            return;
        }
        if (!topics.exists(replyTopic)) {
            deadLetter("registration topic " + replyTopic + " of subscriber " + subscriber
                    + " does not exist; the subscriber must create it before registering", 0);
            return;
        }

        SubscriberRecord existing = subscribers.get(subscriber);
        if (existing != null) {
            String suite = request.getCipherSuite();
            if (existing.getDeceptionFactorBits() != request.getDeceptionFactorBits()) {
                reply(record, rejected(request, ErrorCode.INVALID_REQUEST, "subscriber " + subscriber
                        + " is already registered with deception factor " + existing.getDeceptionFactorBits()
                        + "; register with that factor or use a new subscriber id"));
            } else if (suite != null && !suite.equalsIgnoreCase(existing.getCipherSuite())) {
                reply(record, rejected(request, ErrorCode.INVALID_REQUEST, "subscriber " + subscriber
                        + " is already registered with cipher suite " + existing.getCipherSuite()
                        + "; register with that suite or use a new subscriber id"));
            } else {
                reply(record, accepted(request, existing));
            }
            return;
        }
        String suiteRejection = suites.rejection(request.getCipherSuite());
        if (suiteRejection != null) {
            reply(record, rejected(request, ErrorCode.SUITE_NOT_ALLOWED, suiteRejection));
            return;
        }
        String suiteName = request.getCipherSuite() == null ? suites.defaultSuiteName()
                : SuiteId.ofName(request.getCipherSuite()).suiteName();
        int d = request.getDeceptionFactorBits();
        if (d < 0 || d > maxDeceptionFactorBits) {
            reply(record, rejected(request, ErrorCode.INVALID_REQUEST, "deception factor " + d
                    + " is outside 0.." + maxDeceptionFactorBits + " allowed by this deployment"));
            return;
        }
        OptionalInt coordinator = CoordinatorChoice.leastLoaded(heartbeats(), subscriberCounts(),
                System.currentTimeMillis(), livenessTimeoutMs);
        if (coordinator.isEmpty()) {
            LOG.warn("[registrar] No coordinator has sent a heartbeat within {} ms; subscriber {} cannot be registered yet",
                    livenessTimeoutMs, subscriber);
            reply(record, rejected(request, ErrorCode.NO_COORDINATOR, "no coordinator is running; start one and register again"));
            return;
        }

        SubscriberRecord registered = SubscriberRecord.newBuilder()
                .setSubscriber(subscriber)
                .setDeceptionFactorBits(d)
                .setToken(d == 0 ? 0 : random.nextInt(1 << d))
                .setCoordinator(coordinator.getAsInt())
                .setRegisteredAtMs(System.currentTimeMillis())
                .setCipherSuite(suiteName)
                .build();
        subscribers.put(subscriber, registered);
        context.forward(new Record<>(Integer.toString(subscriber), (Object) registered, record.timestamp()), SUBSCRIBER_SINK);
        LOG.info("[registrar] Registered subscriber {} with deception factor {} and cipher suite {} on coordinator {}",
                subscriber, d, suiteName, registered.getCoordinator());
        if (SuiteId.ofName(suiteName).legacy()) {
            LOG.warn("[registrar] Subscriber {} uses legacy cipher suite {}: {}", subscriber, suiteName,
                    SuiteId.ofName(suiteName).weakness());
        }
        reply(record, accepted(request, registered));
    }

    @Override
    public void close() {
        if (topics != null) {
            topics.close();
        }
    }

    private Map<Integer, Long> heartbeats() {
        Map<Integer, Long> heartbeats = new HashMap<>();
        try (KeyValueIterator<Integer, Long> all = lastHeartbeatMs.all()) {
            all.forEachRemaining(entry -> heartbeats.put(entry.key, entry.value));
        }
        return heartbeats;
    }

    private Map<Integer, Integer> subscriberCounts() {
        Map<Integer, Integer> counts = new HashMap<>();
        try (KeyValueIterator<Integer, SubscriberRecord> all = subscribers.all()) {
            all.forEachRemaining(entry -> counts.merge(entry.value.getCoordinator(), 1, Integer::sum));
        }
        return counts;
    }

    private void reply(Record<String, RegistrationRequest> request, RegistrationReply reply) {
        context.forward(new Record<>(request.key(), (Object) reply, request.timestamp()), REPLY_SINK);
    }

    private static RegistrationReply accepted(RegistrationRequest request, SubscriberRecord registered) {
        return RegistrationReply.newBuilder()
                .setSubscriber(request.getSubscriber())
                .setRequestId(request.getRequestId())
                .setDeceptionFactorBits(registered.getDeceptionFactorBits())
                .setCoordinator(registered.getCoordinator())
                .setToken(registered.getToken())
                .setCipherSuite(registered.getCipherSuite())
                .build();
    }

    private RegistrationReply rejected(RegistrationRequest request, ErrorCode code, String message) {
        LOG.warn("[registrar] Rejected registration {} of subscriber {}: {}", request.getRequestId(),
                request.getSubscriber(), message);
        return RegistrationReply.newBuilder()
                .setSubscriber(request.getSubscriber())
                .setRequestId(request.getRequestId())
                .setDeceptionFactorBits(request.getDeceptionFactorBits())
                .setErrorCode(code.name())
                .setErrorMessage(message)
                .build();
    }

    private void deadLetter(String reason, int payloadSizeBytes) {
        LOG.warn("[registrar] Dead-lettered record {}: {}", DeadLetters.origin(context), reason);
        context.forward(new Record<>((String) null,
                (Object) DeadLetters.of(context, RegistrarTopology.COMPONENT, reason, payloadSizeBytes),
                System.currentTimeMillis()), DeadLetters.SINK);
    }
}
