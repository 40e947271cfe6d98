package dev.eaas.topology.registrar;

import static org.assertj.core.api.Assertions.assertThat;

import dev.eaas.topics.AvroSerde;
import dev.eaas.topics.TopicCatalogue;
import dev.eaas.topics.avro.DeadLetter;
import dev.eaas.topics.avro.RegistrationRequest;
import dev.eaas.topics.avro.SubscriberRecord;
import dev.eaas.topology.common.ServiceConfig;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A registrar with 8-bit subscriber ids, which number 0 to 255. */
class RegistrarBoundsTest {

    @TempDir
    Path stateDir;

    private TopologyTestDriver driver;

    @AfterEach
    void closeDriver() {
        if (driver != null) {
            driver.close();
        }
    }

    @Test
    void subscriberBeyondWidthIsDeadLettered() {
        ServiceConfig config = new ServiceConfig(Map.of(ServiceConfig.FRAME_SUBSCRIBER_BITS, "8"));
        Properties properties = new Properties();
        properties.put(StreamsConfig.APPLICATION_ID_CONFIG, "registrar-test");
        properties.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        properties.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
        driver = new TopologyTestDriver(RegistrarTopology.build(config), properties);
        TestOutputTopic<String, DeadLetter> deadLetters = driver.createOutputTopic(TopicCatalogue.DEAD_LETTERS,
                Serdes.String().deserializer(), AvroSerde.of(DeadLetter.class));
        TestOutputTopic<String, SubscriberRecord> subscribers = driver.createOutputTopic(TopicCatalogue.SUBSCRIBERS,
                Serdes.String().deserializer(), AvroSerde.of(SubscriberRecord.class));

        driver.createInputTopic(TopicCatalogue.registrationRequestTopic(256), Serdes.String().serializer(),
                        AvroSerde.of(RegistrationRequest.class))
                .pipeInput("256", RegistrationRequest.newBuilder().setSubscriber(256).setDeceptionFactorBits(2)
                        .setRequestId("r1").setRequestedAtMs(0L).build());

        DeadLetter letter = deadLetters.readValue();
        assertThat(letter.getReason()).contains("subscriber 256 is outside 0..255");
        assertThat(letter.getComponent()).isEqualTo("registrar");
        assertThat(subscribers.isEmpty()).as("no token drawn").isTrue();
    }
}
