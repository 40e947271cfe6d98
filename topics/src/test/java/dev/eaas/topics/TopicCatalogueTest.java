package dev.eaas.topics;

import static org.assertj.core.api.Assertions.assertThat;

import dev.eaas.topics.avro.PairKey;
import dev.eaas.topics.avro.RegistrationRequest;
import org.apache.kafka.common.errors.SerializationException;
import org.junit.jupiter.api.Test;

class TopicCatalogueTest {

    @Test
    void subscriberTopicsStartWithTheirKind() {
        assertThat(TopicCatalogue.requestTopic(54, 3)).isEqualTo("eaas.requests.subscriber-54.coordinator-3");
        assertThat(TopicCatalogue.replyTopic(54)).isEqualTo("eaas.replies.subscriber-54");
        assertThat(TopicCatalogue.registrationReplyTopic(54)).isEqualTo("eaas.registration.subscriber-54");
        assertThat(TopicCatalogue.registrationRequestTopic(54)).isEqualTo("eaas.registration-requests.subscriber-54");
        assertThat(TopicCatalogue.registrationRequestTopic(54)).doesNotStartWith(TopicCatalogue.REGISTRATION_PREFIX);
        assertThat(TopicCatalogue.registrationRequestTopicPattern().matcher(TopicCatalogue.registrationRequestTopic(54))
                .matches()).isTrue();
    }

    @Test
    void requestPrefixOfOneSubscriberMatchesNoOther() {
        String prefix = TopicCatalogue.requestTopicPrefix(5);

        assertThat(TopicCatalogue.requestTopic(5, 1)).startsWith(prefix);
        assertThat(TopicCatalogue.requestTopic(54, 1)).doesNotStartWith(prefix);
        assertThat(TopicCatalogue.requestTopic(5, 1)).startsWith(TopicCatalogue.REQUESTS_PREFIX);
    }

    @Test
    void subscriberIdIsReadBackFromTopicName() {
        assertThat(TopicCatalogue.subscriberOf(TopicCatalogue.requestTopic(54, 3))).isEqualTo(54);
        assertThat(TopicCatalogue.subscriberOf(TopicCatalogue.replyTopic(54))).isEqualTo(54);
        assertThat(TopicCatalogue.subscriberOf(TopicCatalogue.registrationReplyTopic(54))).isEqualTo(54);
        assertThat(TopicCatalogue.subscriberOf(TopicCatalogue.KEY_REQUESTS)).isEqualTo(-1);
        assertThat(TopicCatalogue.subscriberOf("eaas.replies.subscriber-x")).isEqualTo(-1);
        assertThat(TopicCatalogue.subscriberOf("eaas.replies.subscriber--7")).isEqualTo(-1);
        assertThat(TopicCatalogue.subscriberOf("eaas.replies.subscriber-+5")).isEqualTo(-1);
        assertThat(TopicCatalogue.subscriberOf("eaas.replies.subscriber-5.anything")).isEqualTo(-1);
        assertThat(TopicCatalogue.subscriberOf("eaas.replies.subscriber-05")).isEqualTo(-1);
        assertThat(TopicCatalogue.subscriberOf("eaas.requests.subscriber-5.coordinator-1.x")).isEqualTo(-1);
    }

    @Test
    void requestPatternMatchesOnlyItsCoordinator() {
        var pattern = TopicCatalogue.requestTopicPattern(3);

        assertThat(pattern.matcher(TopicCatalogue.requestTopic(54, 3)).matches()).isTrue();
        assertThat(pattern.matcher(TopicCatalogue.requestTopic(54, 31)).matches()).isFalse();
        assertThat(pattern.matcher(TopicCatalogue.replyTopic(54)).matches()).isFalse();
    }

    @Test
    void avroSerdeRoundTripsWithSingleObjectHeader() {
        AvroSerde<PairKey> serde = AvroSerde.of(PairKey.class);
        PairKey key = new PairKey(54, 1, 2);

        byte[] bytes = serde.serialize("t", key);

        assertThat(bytes[0]).isEqualTo((byte) 0xC3);
        assertThat(bytes[1]).isEqualTo((byte) 0x01);
        assertThat(serde.deserialize("t", bytes)).isEqualTo(key);
    }

    @Test
    void avroSerdeRejectsAnotherSchemaWithTopicName() {
        byte[] pairKeyBytes = AvroSerde.of(PairKey.class).serialize("t", new PairKey(1, 1, 2));

        org.assertj.core.api.Assertions.assertThatThrownBy(
                        () -> AvroSerde.of(RegistrationRequest.class).deserialize("eaas.registrations", pairKeyBytes))
                .isInstanceOf(SerializationException.class)
                .hasMessageContaining("RegistrationRequest")
                .hasMessageContaining("eaas.registrations");
    }
}
