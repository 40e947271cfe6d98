package dev.eaas.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.eaas.topics.AvroSerde;
import dev.eaas.topics.ErrorCode;
import dev.eaas.topics.SuiteId;
import dev.eaas.topics.TopicCatalogue;
import dev.eaas.topics.avro.RegistrationReply;
import dev.eaas.topics.avro.RegistrationRequest;
import java.util.List;
import java.util.function.Function;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;

/** Runs the registration exchange against fakes of the producer and the consumer, with no broker and no registrar. */
class SubscriberRegistrationTest {

    private static final int SUBSCRIBER = 54;
    private static final String REPLY_TOPIC = TopicCatalogue.registrationReplyTopic(SUBSCRIBER);
    private static final AvroSerde<RegistrationRequest> REQUEST_SERDE = AvroSerde.of(RegistrationRequest.class);
    private static final AvroSerde<RegistrationReply> REPLY_SERDE = AvroSerde.of(RegistrationReply.class);

    private final MockProducer<String, byte[]> producer = FakeKafka.producer();
    private final FakeKafka.ReplyConsumer consumer = FakeKafka.consumer(REPLY_TOPIC);

    @Test
    void requestCarriesChosenSuite() {
        EaasClientConfig config = TestFixtures.config().toBuilder().cipherSuite("chacha20-poly1305").build();
        registrarReplies(request -> accepted(request, "chacha20-poly1305"));

        exchange(config);

        assertThat(sentRequests()).singleElement()
                .extracting(RegistrationRequest::getCipherSuite)
                .isEqualTo("chacha20-poly1305");
    }

    @Test
    void requestHasNoSuiteByDefault() {
        registrarReplies(request -> accepted(request, "aes-256-gcm"));

        exchange(TestFixtures.config());

        assertThat(sentRequests()).singleElement()
                .extracting(RegistrationRequest::getCipherSuite)
                .isNull();
    }

    @Test
    void registrationRecordsReturnedSuite() {
        registrarReplies(request -> accepted(request, "aes-256-gcm-siv"));

        Registration registration = exchange(TestFixtures.config());

        assertThat(registration).isEqualTo(new Registration(SUBSCRIBER, 3, 2, 1, SuiteId.AES_256_GCM_SIV));
    }

    @Test
    void replyWithoutSuiteMeansDefault() {
        registrarReplies(request -> accepted(request, null));

        Registration registration = exchange(TestFixtures.config());

        assertThat(registration.cipherSuite()).isEqualTo(SuiteId.AES_256_GCM);
    }

    @Test
    void suiteNotAllowedFailsWithoutRetry() {
        EaasClientConfig config = TestFixtures.config().toBuilder().cipherSuite("des-cbc").build();
        registrarReplies(request -> rejected(request, ErrorCode.SUITE_NOT_ALLOWED,
                "Cipher suite des-cbc is not allowed in this deployment"));
        registrarReplies(request -> accepted(request, "des-cbc"));

        assertThatThrownBy(() -> exchange(config))
                .isInstanceOf(EaasRequestException.class)
                .hasMessage("Registration of subscriber 54 was rejected with SUITE_NOT_ALLOWED: Cipher suite des-cbc"
                        + " is not allowed in this deployment. Register with another cipher suite, or without one"
                        + " for the deployment's default")
                .extracting(failure -> ((EaasRequestException) failure).code())
                .isEqualTo(ErrorCode.SUITE_NOT_ALLOWED);
        assertThat(producer.history()).hasSize(1);
    }

    @Test
    void otherSuiteThanRequestedFails() {
        EaasClientConfig config = TestFixtures.config().toBuilder().cipherSuite("chacha20-poly1305").build();
        registrarReplies(request -> accepted(request, "aes-256-gcm"));

        assertThatThrownBy(() -> exchange(config))
                .isInstanceOf(EaasException.class)
                .hasMessage("Subscriber 54 is registered with cipher suite aes-256-gcm, not the requested"
                        + " chacha20-poly1305; register with aes-256-gcm or without a cipher suite, or use another"
                        + " subscriber id");
    }

    @Test
    void unknownSuiteInReplyFails() {
        registrarReplies(request -> accepted(request, "aes-512-future"));

        assertThatThrownBy(() -> exchange(TestFixtures.config()))
                .isInstanceOf(EaasException.class)
                .hasMessageStartingWith("Invalid registration reply on topic " + REPLY_TOPIC
                        + ": Unknown cipher suite 'aes-512-future'");
    }

    private Registration exchange(EaasClientConfig config) {
        return new SubscriberRegistration(config, SUBSCRIBER, 2).exchange(consumer, maxBlockMs -> producer);
    }

    /**
     * Replies to the latest registration request on the consumer's next poll. Each call replies to one
     * request, in the order of the calls.
     */
    private void registrarReplies(Function<RegistrationRequest, RegistrationReply> registrar) {
        consumer.schedulePollTask(() -> {
            List<RegistrationRequest> requests = sentRequests();
            RegistrationReply reply = registrar.apply(requests.get(requests.size() - 1));
            consumer.addRecord(REPLY_TOPIC, REPLY_SERDE.serialize(REPLY_TOPIC, reply));
        });
    }

    private List<RegistrationRequest> sentRequests() {
        return producer.history().stream()
                .map(ProducerRecord::value)
                .map(value -> REQUEST_SERDE.deserialize(TopicCatalogue.registrationRequestTopic(1), value))
                .toList();
    }

    private static RegistrationReply accepted(RegistrationRequest request, String cipherSuite) {
        return RegistrationReply.newBuilder()
                .setSubscriber(request.getSubscriber())
                .setRequestId(request.getRequestId())
                .setDeceptionFactorBits(request.getDeceptionFactorBits())
                .setCoordinator(3)
                .setToken(1)
                .setCipherSuite(cipherSuite)
                .build();
    }

    private static RegistrationReply rejected(RegistrationRequest request, ErrorCode code, String message) {
        return RegistrationReply.newBuilder()
                .setSubscriber(request.getSubscriber())
                .setRequestId(request.getRequestId())
                .setDeceptionFactorBits(request.getDeceptionFactorBits())
                .setErrorCode(code.name())
                .setErrorMessage(message)
                .build();
    }
}
