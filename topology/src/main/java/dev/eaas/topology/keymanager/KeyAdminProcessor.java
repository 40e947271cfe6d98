package dev.eaas.topology.keymanager;

import dev.eaas.topics.SuiteId;
import dev.eaas.topics.avro.KeyAdminReply;
import dev.eaas.topics.avro.KeyAdminRequest;
import dev.eaas.topics.avro.PairKey;
import dev.eaas.topics.avro.PairKeyRing;
import dev.eaas.topics.avro.SubscriberRecord;
import dev.eaas.topology.common.DeadLetters;
import java.security.GeneralSecurityException;
import java.util.ArrayList;
import java.util.List;
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

    /** Most pairs one reply lists, so a reply stays far below the broker's record size limit. */
    static final int MAX_PAIRS_PER_REPLY = 2_000;

    private static final Logger LOG = LoggerFactory.getLogger(KeyAdminProcessor.class);

    private final KeyRings rings;

    private ProcessorContext<Object, Object> context;
    private KeyValueStore<PairKey, PairKeyRing> keys;
    private KeyValueStore<Integer, SubscriberRecord> subscribers;

    KeyAdminProcessor(KeyRings rings) {
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
        int partition = context.recordMetadata().map(metadata -> metadata.partition()).orElse(-1);
        KeyAdminReply.Builder reply = KeyAdminReply.newBuilder().setRequestId(command.getRequestId())
                .setPartition(partition).setPairs(new ArrayList<>()).setChanges(new ArrayList<>());
        PairKey pair = command.getPair();
        if (pair != null && (pair.getSubscriber() != command.getSubscriber() || pair.getLow() > pair.getHigh()
                || pair.getLow() < 0)) {
            reply.setErrorMessage("the command names subscriber " + command.getSubscriber() + " and "
                    + KeyRings.describe(pair) + "; a pair must belong to the subscriber and list its lower id first");
        } else {
            List<PairKeyRing> scope = scope(command.getSubscriber(), pair, reply);
            for (PairKeyRing ring : scope) {
                apply(command, ring, reply);
                if (reply.getPairs().size() < MAX_PAIRS_PER_REPLY) {
                    reply.getPairs().add(KeyRings.metadata(ring));
                }
            }
            if (scope.size() > MAX_PAIRS_PER_REPLY) {
                reply.getChanges().add("partition " + partition + " lists " + MAX_PAIRS_PER_REPLY + " of its "
                        + scope.size() + " pairs; name one pair to see any other");
            }
        }
        LOG.info("[key-manager {}] Key admin command {} {} for subscriber {}: {} pairs, {} changes{}", context.taskId(),
                command.getRequestId(), command.getOperation(), command.getSubscriber(), reply.getPairs().size(),
                reply.getChanges().size(), reply.getErrorMessage() == null ? "" : ", rejected: " + reply.getErrorMessage());
        context.forward(new Record<>((Object) command.getRequestId(), (Object) reply.build(), System.currentTimeMillis()),
                KeyManagerTopology.ADMIN_REPLY_SINK);
    }

    private List<PairKeyRing> scope(int subscriber, PairKey pair, KeyAdminReply.Builder reply) {
        List<PairKeyRing> scope = new ArrayList<>();
        if (pair != null) {
            PairKeyRing ring = keys.get(pair);
            if (ring == null) {
                reply.getChanges().add(KeyRings.describe(pair) + " has no key yet; its first encryption creates version 1");
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

    private void apply(KeyAdminRequest command, PairKeyRing ring, KeyAdminReply.Builder reply) {
        String pair = KeyRings.describe(ring.getPair());
        switch (command.getOperation()) {
            case LIST -> {
            }
            case ROTATE -> {
                rings.rotate(ring, suiteFor(ring), System.currentTimeMillis());
                keys.put(ring.getPair(), ring);
                reply.getChanges().add(pair + ": rotated to key version " + KeyRings.newest(ring).getVersion());
            }
            case SET_MIN_DECRYPTION_VERSION -> {
                int wanted = command.getMinDecryptionVersion();
                int newest = KeyRings.newest(ring).getVersion();
                if (wanted < 1 || wanted > newest) {
                    reply.getChanges().add(pair + ": left at minimum decryption version " + ring.getMinDecryptionVersion()
                            + ", since " + wanted + " is not between 1 and its newest version " + newest);
                } else if (wanted != ring.getMinDecryptionVersion()) {
                    int previous = ring.getMinDecryptionVersion();
                    ring.setMinDecryptionVersion(wanted);
                    keys.put(ring.getPair(), ring);
                    reply.getChanges().add(pair + ": minimum decryption version " + previous + " -> " + wanted);
                }
            }
            case REWRAP_DEKS -> {
                try {
                    List<Integer> rewrapped = rings.rewrapUnderCurrentKek(ring);
                    if (!rewrapped.isEmpty()) {
                        keys.put(ring.getPair(), ring);
                        reply.getChanges().add(pair + ": wrapped key versions " + rewrapped + " under the current KEK");
                    }
                } catch (GeneralSecurityException unavailable) {
                    reply.getChanges().add(pair + ": not rewrapped: " + unavailable.getMessage());
                }
            }
            default -> reply.setErrorMessage("operation " + command.getOperation() + " is not known to this key manager");
        }
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
