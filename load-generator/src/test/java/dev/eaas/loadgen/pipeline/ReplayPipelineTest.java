package dev.eaas.loadgen.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import dev.eaas.client.EaasClient;
import dev.eaas.client.Registration;
import dev.eaas.client.Requester;
import dev.eaas.topics.TopicCatalogue;
import dev.eaas.topology.service.Role;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Captured request frames sent again to a real broker, with every role running. */
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class ReplayPipelineTest {

    private static final long WAIT_SECONDS = 60;
    private static final int SUBSCRIBER = 40;

    private static PipelineFixture fixture;

    @BeforeAll
    static void startPipeline() throws Exception {
        fixture = PipelineFixture.start();
    }

    @AfterAll
    static void stopPipeline() {
        if (fixture != null) {
            fixture.close();
        }
    }

    @Test
    void capturedEncryptionIsServedOnce() throws Exception {
        Registration registration = fixture.register(SUBSCRIBER, 2);
        String requestTopic = TopicCatalogue.requestTopic(SUBSCRIBER, registration.coordinator());
        try (EaasClient client = fixture.open(registration);
             KafkaProducer<String, byte[]> producer = fixture.rawProducer();
             KafkaConsumer<String, byte[]> capture = fixture.rawConsumer()) {
            Requester requester = client.requester(1);
            requester.encrypt(2, "captured".getBytes(StandardCharsets.UTF_8)).get(WAIT_SECONDS, TimeUnit.SECONDS);
            List<ConsumerRecord<String, byte[]>> captured = readAll(capture, requestTopic, registration.framesPerRequest());
            double replaysBefore = fixture.counter(Role.COORDINATOR, "dropped-replay");
            double acceptedBefore = fixture.counter(Role.COORDINATOR, "accepted");
            double servedBefore = fixture.servedRequests();

            for (int round = 0; round < 3; round++) {
                for (ConsumerRecord<String, byte[]> frame : captured) {
                    producer.send(new ProducerRecord<>(requestTopic, frame.partition(), frame.key(), frame.value())).get();
                }
            }
            // Same requester, so the same partition: once this reply arrives the replays have been processed.
            requester.encrypt(2, "fence".getBytes(StandardCharsets.UTF_8)).get(WAIT_SECONDS, TimeUnit.SECONDS);

            assertThat(fixture.counter(Role.COORDINATOR, "dropped-replay") - replaysBefore)
                    .as("one real frame per replayed request").isEqualTo(3);
            assertThat(fixture.counter(Role.COORDINATOR, "accepted") - acceptedBefore).as("the fence only").isEqualTo(1);
            assertThat(fixture.servedRequests() - servedBefore).isEqualTo(1);
        }
    }

    private static List<ConsumerRecord<String, byte[]>> readAll(KafkaConsumer<String, byte[]> consumer, String topic,
                                                                int expected) {
        List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
                .map(info -> new TopicPartition(topic, info.partition())).toList();
        consumer.assign(partitions);
        consumer.seekToBeginning(partitions);
        List<ConsumerRecord<String, byte[]>> records = new ArrayList<>();
        long deadline = System.currentTimeMillis() + TimeUnit.SECONDS.toMillis(WAIT_SECONDS);
        while (records.size() < expected && System.currentTimeMillis() < deadline) {
            consumer.poll(Duration.ofMillis(200)).forEach(records::add);
        }
        assertThat(records).hasSize(expected);
        return records;
    }
}
