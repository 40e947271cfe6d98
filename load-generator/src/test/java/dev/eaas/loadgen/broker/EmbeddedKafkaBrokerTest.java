package dev.eaas.loadgen.broker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;
import org.apache.kafka.streams.state.Stores;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(value = 120, unit = TimeUnit.SECONDS)
class EmbeddedKafkaBrokerTest {

    private static final Duration CLIENT_TIMEOUT = Duration.ofSeconds(30);
    private static final String STORE_NAME = "last-value-by-key";

    @Test
    void brokerServesProduceAndConsume() throws Exception {
        try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start()) {
            createTopics(broker, "greetings");

            try (KafkaProducer<String, String> producer = new KafkaProducer<>(producerConfig(broker))) {
                producer.send(new ProducerRecord<>("greetings", "alice", "hello")).get(30, TimeUnit.SECONDS);
            }

            List<ConsumerRecord<String, String>> received = readRecords(broker, "greetings", 1);
            assertThat(received).hasSize(1);
            assertThat(received.get(0).key()).isEqualTo("alice");
            assertThat(received.get(0).value()).isEqualTo("hello");
        }
    }

    @Test
    void brokerRejectsProduceToMissingTopic() {
        Map<String, String> shortMetadataWait = Map.of(ProducerConfig.MAX_BLOCK_MS_CONFIG, "2000");
        try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start();
             KafkaProducer<String, String> producer = new KafkaProducer<>(producerConfig(broker, shortMetadataWait))) {

            assertThatThrownBy(() -> producer.send(new ProducerRecord<>("never-created", "k", "v")).get())
                .hasCauseInstanceOf(TimeoutException.class)
                .hasRootCauseInstanceOf(UnknownTopicOrPartitionException.class)
                .hasMessageContaining("never-created");
        }
    }

    @Test
    void streamsAppRunsWithPersistentStore(@TempDir Path stateDirectory) throws Exception {
        try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start()) {
            createTopics(broker, "copy-input", "copy-output");
            KafkaStreams streams = new KafkaStreams(copyingTopology(), streamsConfig(broker, stateDirectory));
            try {
                streams.start();
                try (KafkaProducer<String, String> producer = new KafkaProducer<>(producerConfig(broker))) {
                    producer.send(new ProducerRecord<>("copy-input", "bob", "ciphertext")).get(30, TimeUnit.SECONDS);
                }

                List<ConsumerRecord<String, String>> copied = readRecords(broker, "copy-output", 1);
                assertThat(copied).hasSize(1);
                assertThat(copied.get(0).key()).isEqualTo("bob");
                assertThat(copied.get(0).value()).isEqualTo("ciphertext");

                ReadOnlyKeyValueStore<String, String> store = streams.store(
                    StoreQueryParameters.fromNameAndType(STORE_NAME, QueryableStoreTypes.keyValueStore()));
                assertThat(store.get("bob")).isEqualTo("ciphertext");
                assertThat(stateDirectory.resolve("embedded-broker-test/0_0/rocksdb/" + STORE_NAME)).isDirectory();
            } finally {
                streams.close(CLIENT_TIMEOUT);
            }
        }
    }

    @Test
    void brokerListensOnLoopbackOnly() throws Exception {
        assumeTrue(ListeningSockets.supported(), "needs Linux /proc to list this JVM's listening sockets");
        try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start()) {
            List<ListeningSockets.Endpoint> listening = ListeningSockets.ofThisProcess();

            assertThat(listening).extracting(ListeningSockets.Endpoint::port).contains(port(broker));
            assertThat(listening).allSatisfy(endpoint -> assertThat(endpoint.address().isLoopbackAddress())
                .as("listening on %s:%d", endpoint.address().getHostAddress(), endpoint.port())
                .isTrue());
        }
    }

    @Test
    void closedBrokerRefusesConnections() throws Exception {
        EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start();
        int port = port(broker);
        Path baseDirectory = broker.baseDirectory();
        connect(port);

        broker.close();

        assertThatThrownBy(() -> connect(port)).isInstanceOf(ConnectException.class);
        assertThat(baseDirectory).doesNotExist();
    }

    @Test
    void closeStopsAllBrokerThreads() throws Exception {
        Set<Thread> threadsBefore = Thread.getAllStackTraces().keySet();

        EmbeddedKafkaBroker.start().close();

        List<String> remaining = new ArrayList<>();
        for (Thread thread : Thread.getAllStackTraces().keySet()) {
            if (!threadsBefore.contains(thread) && thread.isAlive()) {
                remaining.add(thread.getName());
            }
        }
        assertThat(remaining).isEmpty();
    }

    @Test
    void startRejectsListenerProperties() {
        Map<String, String> properties = Map.of("listeners", "PLAINTEXT://0.0.0.0:9092", "num.io.threads", "2");

        assertThatThrownBy(() -> EmbeddedKafkaBroker.start(properties))
            .isInstanceOf(IllegalArgumentException.class)
            .hasMessageContaining("[listeners]");
    }

    @Test
    void startAppliesExtraBrokerProperties() throws Exception {
        try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start(Map.of("num.partitions", "3"));
             Admin admin = createAdmin(broker)) {
            // A topic created without a partition count gets the broker's num.partitions.
            admin.createTopics(List.of(new NewTopic("default-partitions", Optional.empty(), Optional.empty())))
                .all().get(30, TimeUnit.SECONDS);

            Map<String, TopicDescription> descriptions =
                admin.describeTopics(List.of("default-partitions")).allTopicNames().get(30, TimeUnit.SECONDS);
            assertThat(descriptions.get("default-partitions").partitions()).hasSize(3);
        }
    }

    @Test
    void secondCloseDoesNothing() {
        EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start();
        broker.close();

        broker.close();

        assertThat(broker.baseDirectory()).doesNotExist();
    }

    private static Topology copyingTopology() {
        StreamsBuilder builder = new StreamsBuilder();
        builder.addStateStore(Stores.keyValueStoreBuilder(
            Stores.persistentKeyValueStore(STORE_NAME), Serdes.String(), Serdes.String()));
        builder.stream("copy-input", Consumed.with(Serdes.String(), Serdes.String()))
            .process(StoringCopyProcessor::new, STORE_NAME)
            .to("copy-output", Produced.with(Serdes.String(), Serdes.String()));
        return builder.build();
    }

    /** Stores each record's value under its key in a RocksDB store, then forwards the record unchanged. */
    private static final class StoringCopyProcessor implements Processor<String, String, String, String> {
        private ProcessorContext<String, String> context;
        private KeyValueStore<String, String> store;

        @Override
        public void init(ProcessorContext<String, String> context) {
            this.context = context;
            this.store = context.getStateStore(STORE_NAME);
        }

        @Override
        public void process(Record<String, String> record) {
            store.put(record.key(), record.value());
            context.forward(record);
        }
    }

    private static void createTopics(EmbeddedKafkaBroker broker, String... names) throws Exception {
        List<NewTopic> topics = new ArrayList<>();
        for (String name : names) {
            topics.add(new NewTopic(name, 1, (short) 1));
        }
        try (Admin admin = createAdmin(broker)) {
            admin.createTopics(topics).all().get(30, TimeUnit.SECONDS);
        }
    }

    private static Admin createAdmin(EmbeddedKafkaBroker broker) {
        return Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers()));
    }

    private static Properties producerConfig(EmbeddedKafkaBroker broker) {
        return producerConfig(broker, Map.of());
    }

    private static Properties producerConfig(EmbeddedKafkaBroker broker, Map<String, String> overrides) {
        Properties config = new Properties();
        config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
        config.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        config.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        config.putAll(overrides);
        return config;
    }

    /** Reads partition 0 of the topic from its start until it has the expected count or CLIENT_TIMEOUT passes. */
    private static List<ConsumerRecord<String, String>> readRecords(
            EmbeddedKafkaBroker broker, String topic, int expectedCount) {
        Properties config = new Properties();
        config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
        config.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        config.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");

        List<ConsumerRecord<String, String>> records = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(config)) {
            TopicPartition partition = new TopicPartition(topic, 0);
            consumer.assign(List.of(partition));
            consumer.seekToBeginning(List.of(partition));
            long deadline = System.nanoTime() + CLIENT_TIMEOUT.toNanos();
            while (records.size() < expectedCount && System.nanoTime() < deadline) {
                consumer.poll(Duration.ofMillis(200)).forEach(records::add);
            }
        }
        return records;
    }

    private static Properties streamsConfig(EmbeddedKafkaBroker broker, Path stateDirectory) {
        Properties config = new Properties();
        config.put(StreamsConfig.APPLICATION_ID_CONFIG, "embedded-broker-test");
        config.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
        config.put(StreamsConfig.STATE_DIR_CONFIG, stateDirectory.toString());
        config.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, "100");
        return config;
    }

    private static int port(EmbeddedKafkaBroker broker) {
        String bootstrapServers = broker.bootstrapServers();
        return Integer.parseInt(bootstrapServers.substring(bootstrapServers.lastIndexOf(':') + 1));
    }

    private static void connect(int port) throws IOException {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(EmbeddedKafkaBroker.LOOPBACK_HOST, port), 2000);
        }
    }
}
