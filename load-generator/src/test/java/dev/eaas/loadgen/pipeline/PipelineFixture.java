package dev.eaas.loadgen.pipeline;

import dev.eaas.client.EaasClient;
import dev.eaas.client.EaasClientConfig;
import dev.eaas.client.Registration;
import dev.eaas.loadgen.EmbeddedPipeline;
import dev.eaas.topology.service.EaasService;
import dev.eaas.topology.service.Role;
import java.util.EnumSet;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/** A real broker with every role running in this JVM, shared by the tests of one class. */
final class PipelineFixture implements AutoCloseable {

    static final long REQUEST_TIMEOUT_MS = 30_000;

    private final EmbeddedPipeline pipeline;

    private PipelineFixture(EmbeddedPipeline pipeline) {
        this.pipeline = pipeline;
    }

    static PipelineFixture start() throws InterruptedException, TimeoutException {
        return start(Map.of());
    }

    /** Starts the pipeline with service settings on top of the defaults. */
    static PipelineFixture start(Map<String, Object> settings) throws InterruptedException, TimeoutException {
        return new PipelineFixture(EmbeddedPipeline.start(null, EnumSet.allOf(Role.class), settings));
    }

    EaasService service() {
        return pipeline.service();
    }

    String bootstrapServers() {
        return pipeline.bootstrapServers();
    }

    EaasClientConfig clientConfig() {
        return EaasClientConfig.builder()
                .bootstrapServers(bootstrapServers())
                .requestTimeoutMs(REQUEST_TIMEOUT_MS)
                .build();
    }

    Registration register(int subscriber, int deceptionFactorBits) {
        return EaasClient.register(clientConfig(), subscriber, deceptionFactorBits);
    }

    EaasClient open(Registration registration) {
        return EaasClient.open(clientConfig(), registration);
    }

    double counter(Role role, String event) {
        return service().counterTotal(role, event);
    }

    /**
     * Returns the requests the service has served since it started: those that passed the key manager and those the
     * coordinator served with lent keys.
     */
    double servedRequests() {
        return counter(Role.KEY_MANAGER, "key-lookups") + lentKeyOperations();
    }

    /** Returns the operations the coordinator has served with lent keys. */
    double lentKeyOperations() {
        return counter(Role.COORDINATOR, "lent-key-encryptions") + counter(Role.COORDINATOR, "lent-key-decryptions");
    }

    KafkaProducer<String, byte[]> rawProducer() {
        Properties properties = new Properties();
        properties.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers());
        return new KafkaProducer<>(properties, new StringSerializer(), new ByteArraySerializer());
    }

    <V> KafkaConsumer<String, V> rawConsumer(org.apache.kafka.common.serialization.Deserializer<V> values) {
        Properties properties = new Properties();
        properties.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers());
        properties.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        return new KafkaConsumer<>(properties, new StringDeserializer(), values);
    }

    KafkaConsumer<String, byte[]> rawConsumer() {
        return rawConsumer(new ByteArrayDeserializer());
    }

    @Override
    public void close() {
        pipeline.close();
    }
}
