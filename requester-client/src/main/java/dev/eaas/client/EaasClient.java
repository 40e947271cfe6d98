package dev.eaas.client;

import static dev.eaas.client.Messages.sentence;

import dev.eaas.topics.decoy.DecoyGenerator;
import dev.eaas.topics.RequestHeaders;
import dev.eaas.topics.TopicCatalogue;
import dev.eaas.topics.frame.FieldOverflowException;
import dev.eaas.topics.frame.FrameCodec;
import dev.eaas.topics.frame.FrameLayout;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.clients.consumer.CloseOptions;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.errors.WakeupException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The requester side of the EaaS protocol: registers subscribers and sends the encryption, decryption and
 * rewrap requests of any number of requesters of one subscriber.
 *
 * <pre>{@code
 * Registration registration = EaasClient.register(config, 54, 2);
 * try (EaasClient client = EaasClient.open(config, registration)) {
 *     byte[] ciphertext = client.requester(1).encrypt(2, plaintext).get();
 *     byte[] decrypted = client.requester(2).decrypt(1, ciphertext).get();
 * }
 * }</pre>
 *
 * <h2>Security guarantees</h2>
 * <ul>
 *   <li>Fail closed: a request's future completes with data only from a reply frame of the service that
 *       names the request's subscriber, requester, sequence number, type and pair, and for a decryption
 *       the subscriber's token. Otherwise it fails. It never completes with the caller's input.</li>
 *   <li>Every encryption and rewrap request is sent as 2^d frames with every d-bit token once. The real
 *       data travels under the subscriber's token, each other frame carries a decoy of the same length, and
 *       the order is shuffled with a {@link SecureRandom}.</li>
 *   <li>The token is never logged and is left out of {@link Registration#toString()}; request and reply
 *       data are never logged.</li>
 * </ul>
 * What the client does not guarantee:
 * <ul>
 *   <li>Confidentiality on the wire. Encryption requests and decryption replies carry plaintext, hidden only
 *       among decoys. Deception is no encryption: against an observer who can read the topics, it raises the
 *       cost of finding the real frame by a factor of about 2^d at best. Default decoys are uniform
 *       random bytes, which a cheap test distinguishes from structured plaintext (see
 *       {@link DecoyGenerator}). Frame count, data length and timing are visible. Use TLS and topic ACLs,
 *       set through {@link EaasClientConfig.Builder#kafkaProperty}, to keep observers off the topics.</li>
 *   <li>Authenticity of replies. Kafka does not tell a consumer who wrote a record, so anyone allowed to
 *       write to the subscriber's reply topic can forge replies; the topic ACLs must allow only the service
 *       to write there.</li>
 *   <li>Separation of clients that share a requester id. Each requester id must be used by one client at a
 *       time, because replies are matched by requester and sequence number. Each client starts the sequence
 *       numbers of a requester at a random offset, but a late reply to an earlier client of the same
 *       requester can still complete a request of a new one, with a probability of about
 *       (requests in flight) / 2^n for n-bit sequence numbers.</li>
 *   <li>Detection of a wrong token. The client trusts the {@link Registration} it is given. The coordinator
 *       drops frames whose token is wrong without a reply, so with a wrong token an encryption completes with
 *       a ciphertext of one of the client's own decoys, and a decryption completes with a decoy of the
 *       reply. Encrypting and decrypting known data once before real use detects a wrong token.</li>
 * </ul>
 *
 * <h2>Threads</h2>
 * A client has one producer, one consumer that reads every partition of the reply topic without a consumer
 * group, a daemon thread that polls and dispatches replies, and a daemon timer thread that fails expired
 * requests and sends resends. Futures complete on one of these two threads, or on the thread that calls
 * {@link #close()}, so callbacks attached to them must not block; hand blocking work to an executor of
 * your own. The client and its {@link Requester}s are thread-safe.
 */
public final class EaasClient implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(EaasClient.class);

    private static final Duration POLL_TIMEOUT = Duration.ofMillis(100);
    private static final long TIMER_TICK_MS = 10;
    private static final long POLL_FAILURE_BACKOFF_MS = 1_000;
    private static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(5);

    private final EaasClientConfig config;
    private final Registration registration;
    private final FrameCodec codec;
    private final String requestTopic;
    private final String logPrefix;
    private final Counters counters = new Counters();
    private final PendingRequestTable pending;
    private final ReplyMatcher matcher;
    private final SecureRandom random = new SecureRandom();
    private final Producer<String, byte[]> producer;
    private final Consumer<byte[], byte[]> consumer;
    private final Thread replyThread;
    private final ScheduledExecutorService timer;
    private final AtomicBoolean closed = new AtomicBoolean();

    private EaasClient(EaasClientConfig config, Registration registration, Producer<String, byte[]> producer,
                       Consumer<byte[], byte[]> consumer) {
        this.config = config;
        this.registration = registration;
        this.codec = new FrameCodec(config.frameLayout());
        this.requestTopic = TopicCatalogue.requestTopic(registration.subscriber(), registration.coordinator());
        this.logPrefix = "[eaas-client subscriber=" + registration.subscriber() + "] ";
        this.pending = new PendingRequestTable(config, registration, counters);
        this.matcher = new ReplyMatcher(codec, registration);
        this.producer = producer;
        this.consumer = consumer;
        this.replyThread = new Thread(this::pollReplies, "eaas-client-replies-" + registration.subscriber());
        this.replyThread.setDaemon(true);
        this.timer = Executors.newSingleThreadScheduledExecutor(task -> {
            Thread thread = new Thread(task, "eaas-client-timer-" + registration.subscriber());
            thread.setDaemon(true);
            return thread;
        });
    }

    /**
     * Registers a subscriber with the service and returns its registration, creating the subscriber's
     * registration, request and reply topics where they are missing. Registering an already registered
     * subscriber with the same deception factor returns the first registration unchanged, and with another
     * factor fails. Blocks for at
     * most {@link EaasClientConfig#registrationTimeoutMs()}, resending after retriable errors such as
     * {@code NO_COORDINATOR}.
     *
     * @param deceptionFactorBits d, 0 to {@value FrameLayout#MAX_TOKEN_BITS}: each request hides among 2^d frames
     * @throws FieldOverflowException if {@code subscriber} does not fit the frame layout
     * @throws IllegalArgumentException if {@code deceptionFactorBits} is out of range
     * @throws EaasRequestException if the registrar rejected the registration
     * @throws EaasTimeoutException if the registrar did not reply in time
     * @throws EaasException if the cluster could not be reached or a topic could not be created
     */
    public static Registration register(EaasClientConfig config, int subscriber, int deceptionFactorBits) {
        return SubscriberRegistration.register(config, subscriber, deceptionFactorBits);
    }

    /**
     * Opens a client for a registered subscriber. Before it returns, the reply consumer is positioned at
     * the end of every partition of the reply topic, so every reply to a request sent afterwards is read,
     * and the producer has fetched the request topic's metadata. Each of these steps waits for at most
     * {@link EaasClientConfig#requestTimeoutMs()}.
     *
     * @throws FieldOverflowException if the registration's subscriber does not fit the frame layout
     * @throws EaasException if the cluster cannot be reached or a topic of the subscriber is missing
     */
    public static EaasClient open(EaasClientConfig config, Registration registration) {
        Objects.requireNonNull(config, "config");
        Objects.requireNonNull(registration, "registration");
        FrameLayout layout = config.frameLayout();
        if (registration.subscriber() > layout.maxSubscriber()) {
            throw new FieldOverflowException("subscriber", registration.subscriber(), layout.subscriberBits());
        }
        int subscriber = registration.subscriber();
        Consumer<byte[], byte[]> consumer = null;
        Producer<String, byte[]> producer = null;
        try {
            consumer = new KafkaConsumer<>(KafkaClientProperties.replyConsumer(config, "eaas-client-" + subscriber + "-replies"));
            TopicEndPosition.seekToEnd(consumer, TopicCatalogue.replyTopic(subscriber), config.requestTimeoutMs(),
                    config.bootstrapServers(), "register subscriber " + subscriber + " first, which creates it");
            producer = new KafkaProducer<>(KafkaClientProperties.producer(config, "eaas-client-" + subscriber + "-requests",
                    config.requestTimeoutMs()));
            requireRequestTopic(producer, config, registration);
        } catch (RuntimeException failure) {
            closeQuietly(consumer);
            closeQuietly(producer);
            throw failure;
        }
        return open(config, registration, producer, consumer);
    }

    /**
     * Opens a client on a producer and a reply consumer that are ready: the consumer is assigned the
     * partitions of the reply topic at the positions to read from. Tests pass fakes of both here.
     */
    static EaasClient open(EaasClientConfig config, Registration registration, Producer<String, byte[]> producer,
                            Consumer<byte[], byte[]> consumer) {
        EaasClient client = new EaasClient(config, registration, producer, consumer);
        client.start();
        return client;
    }

    /**
     * Returns the handle of one requester.
     *
     * @throws FieldOverflowException if {@code requesterId} does not fit the frame layout's requester width
     */
    public Requester requester(int requesterId) {
        RequestFrames.requireRequesterWidth(config.frameLayout(), "requester", requesterId);
        return new Requester(this, requesterId);
    }

    public Registration registration() {
        return registration;
    }

    public EaasClientConfig config() {
        return config;
    }

    /** Returns the counters since the client was opened. */
    public ClientCounters counters() {
        return counters.snapshot();
    }

    /** Returns the number of requests whose futures have not completed yet. */
    public int pendingRequests() {
        return pending.size();
    }

    /**
     * Closes the client: fails every pending request with an {@link EaasClientClosedException} on the
     * calling thread, then closes the producer and the consumer and stops both threads. Waits for each of
     * these steps for at most 5 seconds. Calling it again does nothing.
     */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        timer.shutdownNow();
        consumer.wakeup();
        join(replyThread);
        pending.close();
        try {
            producer.close(CLOSE_TIMEOUT);
        } catch (KafkaException failure) {
            LOG.warn("{}Failed to close the producer: {}", logPrefix, failure.toString());
        }
        try {
            if (!timer.awaitTermination(CLOSE_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
                LOG.warn("{}The timer thread did not stop within {}", logPrefix, CLOSE_TIMEOUT);
            }
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
        }
        LOG.info("{}Closed; counters {}", logPrefix, counters.snapshot());
    }

    /** Adds a request to the table and sends its first attempt; called by {@link Requester}. */
    CompletableFuture<byte[]> submit(int requester, Operation operation, int pair, byte[] data) {
        RequestFrames.requireRequesterWidth(config.frameLayout(), "pair", pair);
        RequestFrames.requireDataSize(data);
        CompletableFuture<byte[]> result = new CompletableFuture<>();
        Attempt attempt;
        try {
            attempt = pending.add(requester, operation, pair, data, result, nowMs());
        } catch (EaasClientClosedException closedFailure) {
            return CompletableFuture.failedFuture(closedFailure);
        } catch (EaasException noFreeSequence) {
            counters.errors.increment();
            return CompletableFuture.failedFuture(noFreeSequence);
        }
        send(attempt);
        return result;
    }

    private void start() {
        replyThread.start();
        timer.scheduleWithFixedDelay(this::onTimerTick, TIMER_TICK_MS, TIMER_TICK_MS, TimeUnit.MILLISECONDS);
        LOG.info("{}Opened on coordinator {} with deception factor {} bits, sending to {}", logPrefix,
                registration.coordinator(), registration.deceptionFactorBits(), requestTopic);
    }

    /** Encodes and sends the frames of one attempt; a failure fails the request, not the caller. */
    private void send(Attempt attempt) {
        PendingRequest request = attempt.request();
        List<byte[]> frames;
        try {
            frames = RequestFrames.forAttempt(codec, registration, attempt, config.decoyGenerator(), random);
        } catch (RuntimeException failure) {
            pending.failAttempt(attempt, new EaasException("Failed to build the frames of " + attempt.describe()
                    + ": " + failure.getMessage(), failure), nowMs());
            return;
        }

        counters.requestsSent.increment();
        String key = Integer.toString(request.requester);
        for (byte[] frame : frames) {
            try {
                producer.send(record(request.operation, key, frame), (metadata, failure) -> {
                    if (failure != null) {
                        onSendFailure(attempt, failure);
                    }
                });
            } catch (KafkaException | IllegalStateException failure) {
                failSend(attempt, failure);
                return;
            }
            counters.framesSent.increment();
        }
    }

    /**
     * Returns the record of one request frame. Every frame of a request gets the same headers, so an observer
     * cannot tell the real frame from its decoys by them.
     */
    private ProducerRecord<String, byte[]> record(Operation operation, String key, byte[] frame) {
        ProducerRecord<String, byte[]> record = new ProducerRecord<>(requestTopic, key, frame);
        if (operation.headerValue() != null) {
            record.headers().add(RequestHeaders.OPERATION, operation.headerValue().getBytes(StandardCharsets.UTF_8));
        }
        return record;
    }

    /**
     * Runs on the producer's I/O thread, which must not run callers' callbacks, so the request is failed
     * on the timer thread instead.
     */
    private void onSendFailure(Attempt attempt, Exception failure) {
        try {
            timer.execute(() -> failSend(attempt, failure));
        } catch (RejectedExecutionException closing) {
            // The client is closing, and close() fails every pending request.
        }
    }

    private void failSend(Attempt attempt, Exception failure) {
        LOG.debug("{}Failed to send {} to {}: {}", logPrefix, attempt.describe(), requestTopic, failure.toString());
        pending.failAttempt(attempt, new EaasException("Failed to send " + attempt.describe() + " to topic "
                + requestTopic + ": " + failure.getMessage(), failure), nowMs());
    }

    private void onTimerTick() {
        try {
            long now = nowMs();
            pending.expireDue(now);
            for (Attempt resend : pending.takeDueResends(now)) {
                counters.retries.increment();
                LOG.debug("{}Resending as {} after {}", logPrefix, resend.describe(),
                        resend.request().lastError.code());
                send(resend);
            }
        } catch (RuntimeException unexpected) {
            // A task that throws is never run again, and then no request would ever time out.
            LOG.error("{}Unexpected failure in the timer thread", logPrefix, unexpected);
        }
    }

    private void pollReplies() {
        try {
            while (!closed.get()) {
                ConsumerRecords<byte[], byte[]> records;
                try {
                    records = consumer.poll(POLL_TIMEOUT);
                } catch (WakeupException wakeup) {
                    break;
                } catch (KafkaException failure) {
                    LOG.warn("{}Failed to poll the reply topic; retrying in {} ms: {}", logPrefix,
                            POLL_FAILURE_BACKOFF_MS, failure.toString());
                    if (!sleepUnlessClosed(POLL_FAILURE_BACKOFF_MS)) {
                        break;
                    }
                    continue;
                }
                for (ConsumerRecord<byte[], byte[]> record : records) {
                    dispatch(record);
                }
            }
        } finally {
            try {
                consumer.close(CloseOptions.timeout(CLOSE_TIMEOUT));
            } catch (KafkaException failure) {
                LOG.warn("{}Failed to close the reply consumer: {}", logPrefix, failure.toString());
            }
        }
    }

    private void dispatch(ConsumerRecord<byte[], byte[]> record) {
        counters.repliesReceived.increment();
        try {
            ReplyOutcome outcome = matcher.match(record.value(), record.headers(), pending);
            if (outcome instanceof ReplyOutcome.Completed completed) {
                pending.complete(completed.request(), completed.data());
            } else if (outcome instanceof ReplyOutcome.Failed failed) {
                // DEBUG only, because the caller receives the error through the request's future.
                LOG.debug("{}{}", logPrefix, failed.error().getMessage());
                if (failed.nextSequence() >= 0) {
                    pending.resynchronize(failed.request().requester, failed.nextSequence());
                }
                pending.fail(failed.request(), failed.error(), nowMs());
            } else if (outcome instanceof ReplyOutcome.Decoy) {
                counters.decoyRepliesIgnored.increment();
            } else if (outcome instanceof ReplyOutcome.Ignored ignored) {
                counters.repliesIgnored.increment();
                LOG.debug("{}Ignored reply at {}-{}@{}: {}", logPrefix, record.topic(), record.partition(),
                        record.offset(), ignored.reason());
            }
        } catch (RuntimeException unexpected) {
            LOG.error("{}Failed to dispatch reply at {}-{}@{}", logPrefix, record.topic(), record.partition(),
                    record.offset(), unexpected);
        }
    }

    private boolean sleepUnlessClosed(long millis) {
        try {
            Thread.sleep(millis);
            return !closed.get();
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private void join(Thread thread) {
        try {
            thread.join(CLOSE_TIMEOUT.toMillis());
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
        }
        if (thread.isAlive()) {
            LOG.warn("{}Thread {} did not stop within {}; a reply callback may be blocking it", logPrefix,
                    thread.getName(), CLOSE_TIMEOUT);
        }
    }

    private static void requireRequestTopic(Producer<String, byte[]> producer, EaasClientConfig config,
                                            Registration registration) {
        String topic = TopicCatalogue.requestTopic(registration.subscriber(), registration.coordinator());
        try {
            producer.partitionsFor(topic);
        } catch (KafkaException failure) {
            throw new EaasException("Failed to fetch the metadata of request topic " + topic + " within "
                    + config.requestTimeoutMs() + " ms: " + sentence(failure.getMessage()) + " Check that subscriber "
                    + registration.subscriber() + " is registered (registration creates the topic) and that the"
                    + " brokers are reachable at " + config.bootstrapServers(), failure);
        }
    }

    private static void closeQuietly(Consumer<?, ?> consumer) {
        if (consumer == null) {
            return;
        }
        try {
            consumer.close(CloseOptions.timeout(CLOSE_TIMEOUT));
        } catch (KafkaException failure) {
            LOG.debug("Failed to close the reply consumer after a failed open: {}", failure.toString());
        }
    }

    private static void closeQuietly(Producer<?, ?> producer) {
        if (producer == null) {
            return;
        }
        try {
            producer.close(CLOSE_TIMEOUT);
        } catch (KafkaException failure) {
            LOG.debug("Failed to close the producer after a failed open: {}", failure.toString());
        }
    }

    private static long nowMs() {
        return TimeUnit.NANOSECONDS.toMillis(System.nanoTime());
    }
}
