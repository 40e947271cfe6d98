package dev.eaas.topology.keymanager;

import dev.eaas.topics.AvroSerde;
import dev.eaas.topics.SuiteId;
import dev.eaas.topics.avro.KeyAdminOperation;
import dev.eaas.topics.avro.KeyAdminReply;
import dev.eaas.topics.avro.KeyAdminRequest;
import dev.eaas.topics.avro.PairKey;
import dev.eaas.topics.avro.PairKeyMetadata;
import dev.eaas.topics.avro.PairKeyRing;
import dev.eaas.topics.avro.SubscriberRecord;
import dev.eaas.topology.common.DeadLetters;
import java.security.GeneralSecurityException;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Carries out operator commands on the pair keys of this task: list their metadata, rotate them, set the
 * minimum decryption version, and wrap them again under the current KEK after a KEK change. The reply to each
 * command lists what it changed and never contains key material.
 *
 * <p>A command for one pair reaches the task that owns the pair because the admin topic has as many
 * partitions as the key request topic and the command is partitioned the same way; a command for a whole
 * subscriber is sent to every partition, and each task acts on the pairs it holds.
 */
final class KeyAdminProcessor implements Processor<byte[], KeyAdminRequest, Object, Object> {

    /**
     * Largest size of the lines and pair metadata of one reply: half of the default 1 MiB limit of a Kafka record.
     * A reply for a subscriber with many pairs or versions is cut short rather than failing the task.
     */
    static final int MAX_REPLY_BYTES = 512 * 1024;

    /** Maximum length of a request id. The id goes into the reply's key and value, so it counts against its size. */
    static final int MAX_REQUEST_ID_LENGTH = 128;

    private static final Logger LOG = LoggerFactory.getLogger(KeyAdminProcessor.class);

    /** How far the clocks of the key manager's and the coordinators' hosts may differ, at most. */
    static final long CLOCK_MARGIN_MS = 1_000;

    private final KeyRings rings;
    private final long keyLeaseMs;

    private ProcessorContext<Object, Object> context;
    private KeyValueStore<PairKey, PairKeyRing> keys;
    private KeyValueStore<Integer, SubscriberRecord> subscribers;

    /**
     * @param keyLeaseMs how long coordinators may use lent keys ({@code coordinator.key.lease.ms}); a minimum
     *     decryption version is raised only to a version at least this old
     */
    KeyAdminProcessor(KeyRings rings, long keyLeaseMs) {
        this.keyLeaseMs = keyLeaseMs;
        this.rings = rings;
    }

    @Override
    public void init(ProcessorContext<Object, Object> context) {
        this.context = context;
        this.keys = context.getStateStore(KeyManagerTopology.KEY_STORE);
        this.subscribers = context.getStateStore(KeyManagerTopology.SUBSCRIBER_STORE);
    }

    @Override
    public void process(Record<byte[], KeyAdminRequest> record) {
        KeyAdminRequest command = record.value();
        if (command == null) {
            deadLetter("key admin command without a value");
            return;
        }
        if (command.getRequestId().length() > MAX_REQUEST_ID_LENGTH) {
            deadLetter("key admin command with a request id of " + command.getRequestId().length()
                    + " characters; at most " + MAX_REQUEST_ID_LENGTH + " are allowed");
            return;
        }
        int partition = context.recordMetadata().map(metadata -> metadata.partition()).orElse(-1);
        Reply reply = new Reply(command.getRequestId(), partition);
        PairKey pair = command.getPair();
        if (pair != null && (pair.getSubscriber() != command.getSubscriber() || pair.getLow() > pair.getHigh()
                || pair.getLow() < 0)) {
            reply.builder.setErrorMessage("the command names subscriber " + command.getSubscriber() + " and "
                    + KeyRings.describe(pair) + "; a pair must belong to the subscriber and list its lower id first");
        } else {
            List<PairKeyRing> scope = scope(command, pair, reply);
            if (scope.isEmpty() && pair == null && subscribers.get(command.getSubscriber()) == null) {
                reply.builder.setErrorMessage("subscriber " + command.getSubscriber() + " is not registered, or its"
                        + " registration has not reached the key managers yet");
            }
            for (PairKeyRing ring : scope) {
                apply(command, ring, reply);
                reply.pair(KeyRings.metadata(ring));
            }
        }
        KeyAdminReply built = reply.build();
        LOG.info("[key-manager {}] Key admin command {} {} for subscriber {}: {} pairs, {} changes, {} rejections{}",
                context.taskId(), command.getRequestId(), command.getOperation(), command.getSubscriber(),
                built.getPairs().size(), built.getChanges().size(), built.getRejections().size(),
                built.getErrorMessage() == null ? "" : ", rejected: " + built.getErrorMessage());
        context.forward(new Record<>((Object) command.getRequestId(), (Object) built, System.currentTimeMillis()),
                KeyManagerTopology.ADMIN_REPLY_SINK);
    }

    /** A reply under construction that stops listing once it reaches {@link #MAX_REPLY_BYTES}. */
    private static final class Reply {
        private final KeyAdminReply.Builder builder;
        private final Serializer<PairKeyMetadata> metadataSize = AvroSerde.of(PairKeyMetadata.class).serializer();
        private long sizeBytes;
        private long leftOut;

        Reply(String requestId, int partition) {
            builder = KeyAdminReply.newBuilder().setRequestId(requestId).setPartition(partition)
                    .setPairs(new ArrayList<>()).setChanges(new ArrayList<>()).setRejections(new ArrayList<>());
        }

        void change(String line) {
            add(builder.getChanges(), line);
        }

        void rejection(String line) {
            add(builder.getRejections(), line);
        }

        void pair(PairKeyMetadata metadata) {
            int size = metadataSize.serialize(KeyManagerTopology.COMPONENT, metadata).length;
            if (fits(size)) {
                builder.getPairs().add(metadata);
            }
        }

        private void add(List<String> lines, String line) {
            if (fits(line.length() * 3L + 2)) {
                lines.add(line);
            }
        }

        private boolean fits(long size) {
            // After the first item that does not fit, nothing more is added, so the reply lists a prefix.
            if (leftOut > 0 || sizeBytes + size > MAX_REPLY_BYTES) {
                leftOut++;
                return false;
            }
            sizeBytes += size;
            return true;
        }

        KeyAdminReply build() {
            if (leftOut > 0) {
                builder.getChanges().add("partition " + builder.getPartition() + " left " + leftOut + " lines or pairs out"
                        + " of this reply to keep it under " + MAX_REPLY_BYTES + " bytes; name one pair to see it");
            }
            return builder.build();
        }
    }

    private List<PairKeyRing> scope(KeyAdminRequest command, PairKey pair, Reply reply) {
        int subscriber = command.getSubscriber();
        List<PairKeyRing> scope = new ArrayList<>();
        if (pair != null) {
            PairKeyRing ring = keys.get(pair);
            if (ring == null) {
                String line = KeyRings.describe(pair) + " has no key yet; its first encryption creates version 1";
                if (command.getOperation() == KeyAdminOperation.LIST) {
                    reply.change(line);
                } else {
                    reply.rejection(line);
                }
            } else {
                scope.add(ring);
            }
            return scope;
        }
        // Pair keys serialize as big-endian subscriber, low, high, and ids are never negative, so the store's
        // byte order keeps one subscriber's pairs together.
        try (KeyValueIterator<PairKey, PairKeyRing> all = keys.range(new PairKey(subscriber, 0, 0),
                new PairKey(subscriber, Integer.MAX_VALUE, Integer.MAX_VALUE))) {
            all.forEachRemaining(entry -> scope.add(entry.value));
        }
        return scope;
    }

    private void apply(KeyAdminRequest command, PairKeyRing ring, Reply reply) {
        String pair = KeyRings.describe(ring.getPair());
        switch (command.getOperation()) {
            case LIST -> {
            }
            case ROTATE -> {
                rings.rotate(ring, suiteFor(ring), System.currentTimeMillis());
                keys.put(ring.getPair(), ring);
                reply.change(pair + ": rotated to key version " + KeyRings.newest(ring).getVersion());
            }
            case SET_MIN_DECRYPTION_VERSION -> {
                int requested = command.getMinDecryptionVersion();
                int newest = KeyRings.newest(ring).getVersion();
                if (requested < 1 || requested > newest) {
                    reply.rejection(pair + ": left at minimum decryption version " + ring.getMinDecryptionVersion()
                            + ", since " + requested + " is not between 1 and its newest version " + newest);
                } else if (requested > ring.getMinDecryptionVersion() && waitMs(ring, requested) > 0) {
                    // Coordinators may encrypt under an older version for up to the lease time after a rotation,
                    // and raising the minimum now would leave what they seal there undecryptable.
                    reply.rejection(pair + ": left at minimum decryption version " + ring.getMinDecryptionVersion()
                            + ", since version " + requested + " was created less than coordinator.key.lease.ms ("
                            + keyLeaseMs + " ms) and a clock margin of " + CLOCK_MARGIN_MS + " ms ago, and coordinators"
                            + " may still encrypt under older versions; try again in "
                            + (waitMs(ring, requested) + 999) / 1000 + " s");
                } else if (requested != ring.getMinDecryptionVersion()) {
                    int previous = ring.getMinDecryptionVersion();
                    ring.setMinDecryptionVersion(requested);
                    keys.put(ring.getPair(), ring);
                    reply.change(pair + ": minimum decryption version " + previous + " -> " + requested);
                }
            }
            case REWRAP_DEKS -> {
                try {
                    List<Integer> rewrapped = rings.rewrapUnderCurrentKek(ring);
                    if (!rewrapped.isEmpty()) {
                        keys.put(ring.getPair(), ring);
                        reply.change(pair + ": wrapped key versions " + rewrapped + " under the current KEK");
                    }
                } catch (GeneralSecurityException unavailable) {
                    reply.rejection(pair + ": not rewrapped: " + unavailable.getMessage());
                }
            }
            default -> reply.rejection(pair + ": operation " + command.getOperation() + " is not supported by this key manager");
        }
    }

    /**
     * Returns how long to wait before the minimum decryption version may rise to {@code version}: until no lease of
     * an older version can be in use, or 0 when leases are off.
     */
    private long waitMs(PairKeyRing ring, int version) {
        if (keyLeaseMs == 0) {
            return 0;
        }
        return KeyRings.version(ring, version).getCreatedAtMs() + keyLeaseMs + CLOCK_MARGIN_MS
                - System.currentTimeMillis();
    }

    /** Returns the subscriber's suite, or the newest version's if the subscriber is no longer registered. */
    private SuiteId suiteFor(PairKeyRing ring) {
        SubscriberRecord subscriber = subscribers.get(ring.getPair().getSubscriber());
        return subscriber == null ? KeyRings.suiteOf(KeyRings.newest(ring)) : SuiteId.ofName(subscriber.getCipherSuite());
    }

    private void deadLetter(String reason) {
        LOG.warn("[key-manager {}] Dead-lettered record {}: {}", context.taskId(), DeadLetters.origin(context), reason);
        context.forward(new Record<>((Object) null,
                (Object) DeadLetters.of(context, KeyManagerTopology.COMPONENT, reason, 0),
                System.currentTimeMillis()), DeadLetters.SINK);
    }
}
