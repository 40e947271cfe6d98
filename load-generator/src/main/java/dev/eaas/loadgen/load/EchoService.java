package dev.eaas.loadgen.load;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.Produced;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The service of the modes without EaaS: a Kafka Streams application that copies every record of the request
 * topic, key and value unchanged, to the reply topic. It runs with the settings of the EaaS roles on the request
 * path (at-least-once, commit every second, producer {@code linger.ms} 1 and {@code acks=all}), so the two modes
 * differ in the work done between the topics, not in how records travel.
 */
final class EchoService implements AutoCloseable {

    static final String REQUEST_TOPIC = "eaas.load.echo-requests";
    static final String REPLY_TOPIC = "eaas.load.echo-replies";
    static final String APPLICATION_ID = "eaas-load-echo";

    private static final Logger LOG = LoggerFactory.getLogger(EchoService.class);
    private static final long ADMIN_TIMEOUT_MS = 30_000;
    private static final long CLOSE_TIMEOUT_SECONDS = 30;
    /** Shorter than {@link #CLOSE_TIMEOUT_SECONDS}, because the JVM's exit waits for every shutdown hook. */
    private static final long SHUTDOWN_HOOK_CLOSE_TIMEOUT_SECONDS = 5;

    private final KafkaStreams streams;
    private final Path stateDir;
    private final AtomicBoolean closed = new AtomicBoolean();
    private final Thread shutdownHook = new Thread(this::closeOnJvmShutdown, "eaas-echo-service-shutdown");

    private EchoService(KafkaStreams streams, Path stateDir) {
        this.streams = streams;
        this.stateDir = stateDir;
    }

    /**
     * Creates the request and reply topics with {@code partitions} partitions each if they are missing, starts
     * the copying application and waits until it runs. Until {@link #close()}, a JVM shutdown hook stops the
     * application and deletes its state folder when the process exits, on SIGINT or SIGTERM for example.
     */
    static EchoService start(String bootstrapServers, int partitions, long startTimeoutMs)
            throws InterruptedException, TimeoutException {
        createTopics(bootstrapServers, partitions);
        Path stateDir = createStateDir();
        StreamsBuilder builder = new StreamsBuilder();
        builder.stream(REQUEST_TOPIC, Consumed.with(Serdes.ByteArray(), Serdes.ByteArray()))
                .to(REPLY_TOPIC, Produced.with(Serdes.ByteArray(), Serdes.ByteArray()));
        KafkaStreams streams = new KafkaStreams(builder.build(), settings(bootstrapServers, stateDir));
        EchoService service = new EchoService(streams, stateDir);
        // NOTE: a signal that arrives after the state folder is created and before this hook is added leaves it behind.
        Runtime.getRuntime().addShutdownHook(service.shutdownHook);
        try {
            streams.start();
            service.awaitRunning(startTimeoutMs);
        } catch (RuntimeException | InterruptedException | TimeoutException failure) {
            service.close();
            throw failure;
        }
        LOG.info("Echo service copies {} to {}", REQUEST_TOPIC, REPLY_TOPIC);
        return service;
    }

    private void awaitRunning(long timeoutMs) throws InterruptedException, TimeoutException {
        long deadline = System.currentTimeMillis() + timeoutMs;
        while (streams.state() != KafkaStreams.State.RUNNING) {
            if (streams.state().hasCompletedShutdown() || streams.state() == KafkaStreams.State.ERROR) {
                throw new IllegalStateException("The echo service stopped while starting, in state " + streams.state());
            }
            if (System.currentTimeMillis() > deadline) {
                throw new TimeoutException("The echo service is not running after " + timeoutMs + " ms; state "
                        + streams.state());
            }
            Thread.sleep(50);
        }
    }

    private static Properties settings(String bootstrapServers, Path stateDir) {
        Properties properties = new Properties();
        properties.put(StreamsConfig.APPLICATION_ID_CONFIG, APPLICATION_ID);
        properties.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        properties.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
        properties.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.AT_LEAST_ONCE);
        properties.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, 1_000);
        properties.put(StreamsConfig.NUM_STREAM_THREADS_CONFIG, 1);
        properties.put(StreamsConfig.producerPrefix(ProducerConfig.LINGER_MS_CONFIG), 1);
        properties.put(StreamsConfig.producerPrefix(ProducerConfig.ACKS_CONFIG), "all");
        // The topics are new on each embedded broker, and a request sent while the first position is looked up
        // must still be echoed.
        properties.put(StreamsConfig.consumerPrefix(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG), "earliest");
        return properties;
    }

    private static void createTopics(String bootstrapServers, int partitions) throws InterruptedException {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers))) {
            for (String topic : List.of(REQUEST_TOPIC, REPLY_TOPIC)) {
                try {
                    admin.createTopics(List.of(new NewTopic(topic, partitions, (short) 1)))
                            .all().get(ADMIN_TIMEOUT_MS, TimeUnit.MILLISECONDS);
                } catch (ExecutionException failure) {
                    if (!(failure.getCause() instanceof TopicExistsException)) {
                        throw new IllegalStateException("Failed to create topic " + topic + ": " + failure.getCause(),
                                failure.getCause());
                    }
                } catch (TimeoutException timeout) {
                    throw new IllegalStateException("Timed out after " + ADMIN_TIMEOUT_MS + " ms creating topic " + topic, timeout);
                }
            }
        }
    }

    private static Path createStateDir() {
        try {
            return Files.createTempDirectory("eaas-echo-state-");
        } catch (IOException failure) {
            throw new UncheckedIOException("Failed to create a state folder for the echo service", failure);
        }
    }

    /** Stops processing without leaving the consumer group, so requests wait on the request topic. */
    void pause() {
        streams.pause();
    }

    /** Resumes processing after {@link #pause()}. */
    void resume() {
        streams.resume();
    }

    /** Returns the application's state folder, deleted by {@link #close()}. */
    Path stateDir() {
        return stateDir;
    }

    /**
     * Stops the application and deletes its state folder. Calling it again, or after the shutdown hook has run,
     * does nothing.
     */
    @Override
    public void close() {
        try {
            Runtime.getRuntime().removeShutdownHook(shutdownHook);
        } catch (IllegalStateException jvmShuttingDown) {
            // The hook is running or about to run; whichever of it and this call comes second does nothing.
        }
        if (closed.compareAndSet(false, true)) {
            shutDown(CLOSE_TIMEOUT_SECONDS);
        }
    }

    /**
     * Runs as the JVM shutdown hook: stops the application with a shorter timeout than {@link #close()} and
     * deletes its state folder.
     */
    void closeOnJvmShutdown() {
        if (closed.compareAndSet(false, true)) {
            shutDown(SHUTDOWN_HOOK_CLOSE_TIMEOUT_SECONDS);
        }
    }

    private void shutDown(long timeoutSeconds) {
        if (!streams.close(java.time.Duration.ofSeconds(timeoutSeconds))) {
            LOG.warn("The echo service did not stop within {} s; deleting its state folder {} anyway", timeoutSeconds,
                    stateDir);
        }
        try (Stream<Path> paths = Files.walk(stateDir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException | UncheckedIOException failure) {
            LOG.warn("Failed to delete the echo service's state folder {}: {}", stateDir, failure.toString());
        }
    }
}
