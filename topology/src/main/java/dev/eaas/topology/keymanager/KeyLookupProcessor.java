package dev.eaas.topology.keymanager;

import dev.eaas.topics.KeyVersions;
import dev.eaas.topics.avro.CryptoRequest;
import dev.eaas.topics.avro.KeyRequest;
import dev.eaas.topics.avro.PairKey;
import dev.eaas.topics.avro.PairKeyRecord;
import dev.eaas.topics.avro.RequestType;
import dev.eaas.topics.avro.SubscriberRecord;
import dev.eaas.topology.common.Counters;
import dev.eaas.topology.common.DeadLetters;
import java.nio.ByteBuffer;
import java.security.SecureRandom;
import org.apache.kafka.common.metrics.Sensor;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Fetches the key of a request's unordered pair, creating it on first use, and hands the request with its
 * key to the cryptors.
 *
 * <p>Only coordinators may ask for keys. The broker enforces that with ACLs on the key request topic, and
 * this processor checks again: the request must name the coordinator its subscriber is assigned to, and
 * the record key must be the request's own pair. Anything else is dead-lettered.
 *
 * <p>NOTE: the check reads a copy of the subscriber table that can lag behind the coordinator's copy for a
 * moment after a registration. A request in that window is dead-lettered and its requester times out.
 */
final class KeyLookupProcessor implements Processor<PairKey, KeyRequest, Object, Object> {

    /** Size of a pair key: 256 bits for AES-256-GCM. */
    static final int DEK_SIZE_BYTES = 32;

    private static final Logger LOG = LoggerFactory.getLogger(KeyLookupProcessor.class);

    private final SecureRandom random = new SecureRandom();

    private ProcessorContext<Object, Object> context;
    private KeyValueStore<PairKey, PairKeyRecord> keys;
    private KeyValueStore<Integer, SubscriberRecord> subscribers;
    private Sensor keyLookups;
    private Sensor keysCreated;
    private Sensor decryptionsWithoutKey;

    @Override
    public void init(ProcessorContext<Object, Object> context) {
        this.context = context;
        this.keys = context.getStateStore(KeyManagerTopology.KEY_STORE);
        this.subscribers = context.getStateStore(KeyManagerTopology.SUBSCRIBER_STORE);
        this.keyLookups = Counters.counter(context, KeyManagerTopology.COMPONENT, "key-lookups");
        this.keysCreated = Counters.counter(context, KeyManagerTopology.COMPONENT, "keys-created");
        this.decryptionsWithoutKey = Counters.counter(context, KeyManagerTopology.COMPONENT, "decryptions-without-key");
    }

    @Override
    public void process(Record<PairKey, KeyRequest> record) {
        KeyRequest request = record.value();
        if (request == null || record.key() == null) {
            deadLetter("key request without a key or value");
            return;
        }
        String invalid = validate(record.key(), request);
        if (invalid != null) {
            deadLetter(invalid);
            return;
        }

        keyLookups.record();
        PairKeyRecord key = keys.get(record.key());
        CryptoRequest work;
        if (key == null && request.getType() == RequestType.DECRYPT) {
            // Nothing encrypted for this pair can exist, and creating keys here would let tokenless decryption
            // frames fill the store with a key for every pair id.
            decryptionsWithoutKey.record();
            work = CryptoRequest.newBuilder().setRequest(request).setKeyVersion(KeyVersions.NONE)
                    .setDek(ByteBuffer.wrap(new byte[0])).build();
        } else {
            if (key == null) {
                key = create(record.key());
            }
            work = CryptoRequest.newBuilder()
                    .setRequest(request)
                    .setKeyVersion(key.getVersion())
                    .setDek(key.getDek().duplicate())
                    .build();
        }
        context.forward(new Record<>((Object) record.key(), (Object) work, record.timestamp()),
                KeyManagerTopology.CRYPTO_REQUEST_SINK);
    }

    private PairKeyRecord create(PairKey pair) {
        byte[] dek = new byte[DEK_SIZE_BYTES];
        random.nextBytes(dek);
        PairKeyRecord key = PairKeyRecord.newBuilder()
                .setPair(pair)
                .setVersion(KeyVersions.FIRST)
                .setDek(ByteBuffer.wrap(dek))
                .setCreatedAtMs(System.currentTimeMillis())
                .build();
        keys.put(pair, key);
        keysCreated.record();
        LOG.debug("[key-manager {}] Created key version {} for pair {{}, {}} of subscriber {}", context.taskId(),
                KeyVersions.FIRST, pair.getLow(), pair.getHigh(), pair.getSubscriber());
        return key;
    }

    private String validate(PairKey pair, KeyRequest request) {
        int low = Math.min(request.getRequester(), request.getPair());
        int high = Math.max(request.getRequester(), request.getPair());
        if (pair.getSubscriber() != request.getSubscriber() || pair.getLow() != low || pair.getHigh() != high) {
            return "key request of subscriber " + request.getSubscriber() + " for {" + low + ", " + high
                    + "} arrived under the key of another pair";
        }
        SubscriberRecord subscriber = subscribers.get(request.getSubscriber());
        if (subscriber == null || subscriber.getCoordinator() != request.getCoordinator()) {
            return "key request of subscriber " + request.getSubscriber() + " names coordinator "
                    + request.getCoordinator() + ", which does not serve that subscriber";
        }
        return null;
    }

    private void deadLetter(String reason) {
        LOG.warn("[key-manager {}] Dead-lettered record {}: {}", context.taskId(), DeadLetters.origin(context), reason);
        context.forward(new Record<>((Object) null,
                (Object) DeadLetters.of(context, KeyManagerTopology.COMPONENT, reason, 0),
                System.currentTimeMillis()), DeadLetters.SINK);
    }
}
