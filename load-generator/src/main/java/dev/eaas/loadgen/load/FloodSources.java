package dev.eaas.loadgen.load;

import dev.eaas.client.Registration;
import dev.eaas.topics.TopicCatalogue;
import dev.eaas.topics.avro.RequestType;
import dev.eaas.topics.frame.Frame;
import dev.eaas.topics.frame.FrameCodec;
import dev.eaas.topics.frame.FrameLayout;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Floods a subscriber's request topic with encryption frames that carry a wrong token, from several sources at
 * once. Each source is a thread with a Kafka producer of its own that sends at an equal share of the total rate.
 * The frames are well formed and name the right subscriber, so only the token distinguishes them from real requests.
 *
 * <p>Flood frames use requester ids from {@code firstRequester} on, one per source, so that they never take a
 * sequence number of a legitimate requester.
 */
final class FloodSources implements AutoCloseable {

    private final List<Thread> threads = new ArrayList<>();
    private final List<KafkaProducer<String, byte[]>> producers = new ArrayList<>();
    private final LongAdder acknowledged = new LongAdder();
    private final LongAdder failed = new LongAdder();
    private volatile boolean stopped;

    /**
     * Starts the sources.
     *
     * @param framesPerSecond total rate of all sources together
     * @param deceptionFactorBits must be at least 1, since with d = 0 no token can be wrong
     */
    FloodSources(String bootstrapServers, FrameLayout layout, Registration registration, int sources,
            double framesPerSecond, int payloadBytes, int firstRequester, long seed) {
        if (registration.deceptionFactorBits() < 1) {
            throw new IllegalArgumentException("Invalid deception factor 0 for a flood of wrong tokens; a subscriber"
                    + " with d = 0 has no token, so expected 1 or more");
        }
        String topic = TopicCatalogue.requestTopic(registration.subscriber(), registration.coordinator());
        double perSourceRate = framesPerSecond / sources;
        for (int source = 0; source < sources; source++) {
            KafkaProducer<String, byte[]> producer = new KafkaProducer<>(Map.of(
                    ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                    ProducerConfig.CLIENT_ID_CONFIG, "eaas-flood-source-" + source,
                    ProducerConfig.LINGER_MS_CONFIG, 1),
                    new StringSerializer(), new ByteArraySerializer());
            producers.add(producer);
            int requester = firstRequester + source;
            SplittableRandom random = new SplittableRandom(seed + source);
            Thread thread = new Thread(() -> send(producer, topic, new FrameCodec(layout), registration, requester,
                    perSourceRate, payloadBytes, random), "eaas-flood-source-" + source);
            thread.setDaemon(true);
            threads.add(thread);
        }
        threads.forEach(Thread::start);
    }

    /** Stops sending, waits until the broker has acknowledged or rejected every frame sent, and closes the producers. */
    @Override
    public void close() {
        stopped = true;
        for (Thread thread : threads) {
            try {
                thread.join(TimeUnit.SECONDS.toMillis(10));
            } catch (InterruptedException interrupted) {
                Thread.currentThread().interrupt();
            }
        }
        for (KafkaProducer<String, byte[]> producer : producers) {
            producer.close();
        }
    }

    /** Returns the flood frames the broker has acknowledged; complete once {@link #close()} has returned. */
    long acknowledged() {
        return acknowledged.sum();
    }

    /** Returns the flood frames the producers failed to send. */
    long failed() {
        return failed.sum();
    }

    private void send(KafkaProducer<String, byte[]> producer, String topic, FrameCodec codec, Registration registration,
            int requester, double framesPerSecond, int payloadBytes, SplittableRandom random) {
        int tokenValues = registration.framesPerRequest();
        int sequenceModulus = (int) codec.layout().sequenceModulus();
        String key = Integer.toString(requester);
        long startNanos = System.nanoTime();
        for (long index = 0; !stopped; index++) {
            LockSupport.parkNanos(startNanos + Math.round(index * 1e9 / framesPerSecond) - System.nanoTime());
            int wrongToken = (registration.token() + 1 + random.nextInt(tokenValues - 1)) % tokenValues;
            byte[] data = new byte[payloadBytes];
            random.nextBytes(data);
            Frame frame = new Frame(registration.subscriber(), requester, (int) (index % sequenceModulus),
                    RequestType.ENCRYPT, requester + 1, wrongToken, registration.deceptionFactorBits(), data);
            producer.send(new ProducerRecord<>(topic, key, codec.encode(frame)), (metadata, failure) -> {
                (failure == null ? acknowledged : failed).increment();
            });
        }
    }
}
