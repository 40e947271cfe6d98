package dev.eaas.topology.coordinator;

import dev.eaas.topics.ErrorCode;
import dev.eaas.topics.decoy.DecoyGenerator;
import dev.eaas.topics.ReplyHeaders;
import dev.eaas.topics.RequestHeaders;
import dev.eaas.topics.RequestLimits;
import dev.eaas.topics.RequestPartitions;
import dev.eaas.topics.TopicCatalogue;
import dev.eaas.topics.avro.CryptoResult;
import dev.eaas.topics.avro.KeyRequest;
import dev.eaas.topics.avro.PairKey;
import dev.eaas.topics.avro.RequestType;
import dev.eaas.topics.avro.SubscriberRecord;
import dev.eaas.topics.frame.Frame;
import dev.eaas.topics.frame.FrameCodec;
import dev.eaas.topics.frame.FrameHeader;
import dev.eaas.topics.frame.MalformedFrameException;
import dev.eaas.topology.common.Counters;
import dev.eaas.topology.common.DeadLetters;
import dev.eaas.topology.common.LentKeys;
import dev.eaas.topology.common.TopicCheck;
import java.util.Map;
import java.util.function.Function;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.metrics.Sensor;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Validates request frames, then serves each valid one with a key a key manager lent this coordinator
 * ({@link LentKeys}), or sends it to the key managers when no lent key serves it.
 *
 * <p>The order of checks matters. The token check comes before any key lookup or cryptographic work, so a
 * flood of frames with wrong tokens costs a few bit comparisons each. Frames with a wrong token are
 * dropped without a reply, so a flood gets nothing back. Every other rejected frame gets
 * an error reply when its requester can be identified, and dead-lettered otherwise.
 *
 * <p>Replay protection comes last, after the token check and every other check, so only a frame that would be
 * served reads or changes its requester's {@link ReplayWindow}: decoys and floods cost no store access and cannot
 * fill a window. A duplicate is dropped without a reply. Its original may still wait for its own reply, and the
 * client takes the first reply that names the requester and sequence number, so an error reply to the duplicate
 * would fail the genuine request. A frame behind the window gets {@link ErrorCode#SEQUENCE_TOO_OLD} with the next
 * sequence number the window accepts: the client resends from there, and an attacker learns nothing it could
 * not read from later frames.
 */
final class RequestProcessor implements Processor<byte[], byte[], Object, Object> {

    private static final Logger LOG = LoggerFactory.getLogger(RequestProcessor.class);

    private final int coordinator;
    private final FrameCodec codec;
    private final int windowSequences;

    private ProcessorContext<Object, Object> context;
    private KeyValueStore<Integer, SubscriberRecord> subscribers;
    private KeyValueStore<Long, byte[]> replayWindows;
    private final Function<Map<String, Object>, TopicCheck> topicChecks;
    private final LentKeys lentKeys;
    private final DecoyGenerator decoys;
    private LentKeys.Server lentKeyServer;
    private ReplyFrames replies;
    private TopicCheck topics;
    private Sensor framesReceived;
    private Sensor droppedWrongToken;
    private Sensor droppedMalformed;
    private Sensor rejected;
    private Sensor accepted;
    private Sensor droppedReplay;
    private Sensor rejectedTooOld;
    private Sensor servedEncryptions;
    private Sensor servedDecryptions;

    /**
     * @param lentKeys the keys key managers lent this process, or null when this coordinator takes no key leases
     *     and sends every request to the key managers
     * @param decoys makes the decoys of decryption replies served with lent keys
     */
    RequestProcessor(int coordinator, FrameCodec codec, int windowSequences,
                     Function<Map<String, Object>, TopicCheck> topicChecks,
                     LentKeys lentKeys, DecoyGenerator decoys) {
        this.coordinator = coordinator;
        this.codec = codec;
        this.windowSequences = windowSequences;
        this.topicChecks = topicChecks;
        this.lentKeys = lentKeys;
        this.decoys = decoys;
    }

    @Override
    public void init(ProcessorContext<Object, Object> context) {
        this.context = context;
        this.subscribers = context.getStateStore(CoordinatorTopology.SUBSCRIBER_STORE);
        this.replayWindows = context.getStateStore(CoordinatorTopology.REPLAY_WINDOW_STORE);
        this.topics = topicChecks.apply(context.appConfigs());
        this.framesReceived = Counters.counter(context, CoordinatorTopology.COMPONENT, "frames-received");
        this.droppedWrongToken = Counters.counter(context, CoordinatorTopology.COMPONENT, "dropped-wrong-token");
        this.droppedMalformed = Counters.counter(context, CoordinatorTopology.COMPONENT, "dropped-malformed");
        this.rejected = Counters.counter(context, CoordinatorTopology.COMPONENT, "rejected");
        this.accepted = Counters.counter(context, CoordinatorTopology.COMPONENT, "accepted");
        this.droppedReplay = Counters.counter(context, CoordinatorTopology.COMPONENT, "dropped-replay");
        this.rejectedTooOld = Counters.counter(context, CoordinatorTopology.COMPONENT, "rejected-sequence-too-old");
        this.servedEncryptions = Counters.counter(context, CoordinatorTopology.COMPONENT, "lent-key-encryptions");
        this.servedDecryptions = Counters.counter(context, CoordinatorTopology.COMPONENT, "lent-key-decryptions");
        this.lentKeyServer = lentKeys == null ? null : lentKeys.server("[coordinator " + coordinator + " "
                + context.taskId() + "]");
        this.replies = new ReplyFrames(codec, decoys, context, CoordinatorTopology.REPLY_SINK);
    }

    @Override
    public void process(Record<byte[], byte[]> record) {
        framesReceived.record();
        byte[] bytes = record.value() == null ? new byte[0] : record.value();
        String topic = context.recordMetadata().map(metadata -> metadata.topic()).orElse("");
        int topicSubscriber = TopicCatalogue.subscriberOf(topic);
        if (topicSubscriber < 0 || topicSubscriber > codec.layout().maxSubscriber()
                || !TopicCatalogue.requestTopic(topicSubscriber, coordinator).equals(topic)) {
            droppedMalformed.record();
            deadLetter("topic " + topic + " matches the request topic pattern but is not the request topic of a"
                    + " subscriber id that fits " + codec.layout().subscriberBits() + " bits", bytes.length);
            return;
        }

        FrameHeader header;
        try {
            header = codec.decodeHeader(bytes);
        } catch (MalformedFrameException malformed) {
            droppedMalformed.record();
            deadLetter(malformed.getMessage(), bytes.length);
            return;
        }
        if (header.subscriber() != topicSubscriber) {
            reject(topicSubscriber, header, ErrorCode.SUBSCRIBER_MISMATCH, "frame claims subscriber "
                    + header.subscriber() + " but was sent on topic " + topic + " of subscriber " + topicSubscriber);
            return;
        }
        SubscriberRecord subscriber = subscribers.get(header.subscriber());
        if (subscriber == null) {
            reject(topicSubscriber, header, ErrorCode.NOT_REGISTERED, "subscriber " + header.subscriber()
                    + " is not registered with coordinator " + coordinator);
            return;
        }
        if (subscriber.getCoordinator() != coordinator) {
            reject(topicSubscriber, header, ErrorCode.WRONG_COORDINATOR, "subscriber " + header.subscriber()
                    + " is served by coordinator " + subscriber.getCoordinator() + ", not " + coordinator);
            return;
        }

        int tokenBits = Frame.requestTokenBits(header.type(), subscriber.getDeceptionFactorBits());
        Frame frame;
        try {
            if (tokenBits > 0 && codec.decodeToken(bytes, tokenBits) != subscriber.getToken()) {
                droppedWrongToken.record();
                return;
            }
            int dataBytes = bytes.length - codec.layout().headerBytes(tokenBits);
            if (dataBytes > RequestLimits.MAX_DATA_BYTES) {
                reject(topicSubscriber, header, ErrorCode.INVALID_REQUEST, "request data of " + dataBytes
                        + " bytes exceeds the maximum of " + RequestLimits.MAX_DATA_BYTES + " bytes, which keeps every"
                        + " record derived from it within Kafka's default limit of " + RequestLimits.MAX_RECORD_BYTES
                        + " bytes; split the data into smaller requests");
                return;
            }
            frame = codec.decode(bytes, header, tokenBits);
        } catch (MalformedFrameException malformed) {
            droppedMalformed.record();
            reject(topicSubscriber, header, ErrorCode.INVALID_REQUEST, malformed.getMessage());
            return;
        }

        boolean rewrap;
        try {
            rewrap = isRewrap(record, frame);
        } catch (IllegalArgumentException unsupported) {
            reject(topicSubscriber, header, ErrorCode.INVALID_REQUEST, unsupported.getMessage());
            return;
        }
        String partitionProblem = partitionProblem(topic, frame.requester());
        if (partitionProblem != null) {
            reject(topicSubscriber, header, ErrorCode.INVALID_REQUEST, partitionProblem);
            return;
        }
        if (!admitSequence(topicSubscriber, header)) {
            return;
        }

        accepted.record();
        PairKey pair = new PairKey(frame.subscriber(), Math.min(frame.requester(), frame.pair()),
                Math.max(frame.requester(), frame.pair()));
        long nowMs = System.currentTimeMillis();
        KeyRequest keyRequest = KeyRequest.newBuilder()
                .setCoordinator(coordinator)
                .setSubscriber(frame.subscriber())
                .setRequester(frame.requester())
                .setSequence(frame.sequence())
                .setType(frame.type())
                .setPair(frame.pair())
                .setData(ByteBuffer.wrap(frame.data()))
                .setReceivedAtMs(nowMs)
                .setRewrap(rewrap)
                .build();
        if (lentKeyServer != null && !rewrap && topics.exists(TopicCatalogue.replyTopic(topicSubscriber))) {
            CryptoResult served = lentKeyServer.serve(pair, keyRequest, nowMs);
            if (served != null) {
                (frame.type() == RequestType.ENCRYPT ? servedEncryptions : servedDecryptions).record();
                replies.send(served, subscriber);
                return;
            }
            keyRequest.setLeaseUsageRequested(lentKeys.leaseUsageToRequest(pair, nowMs));
        }
        context.forward(new Record<>((Object) pair, (Object) keyRequest, record.timestamp()),
                CoordinatorTopology.KEY_REQUEST_SINK);
    }

    /**
     * Returns why the frame must not be served from this partition, or null if it arrived on its requester's
     * partition. Each task keeps the replay windows of its own partition only, so a frame on another partition
     * would meet a window that has never seen its sequence.
     */
    private String partitionProblem(String topic, int requester) {
        int partition = context.recordMetadata().map(metadata -> metadata.partition()).orElse(-1);
        int partitionCount = topics.partitionCount(topic);
        int expected = RequestPartitions.partitionOf(requester, partitionCount);
        if (partition == expected) {
            return null;
        }
        return "frame of requester " + requester + " arrived on partition " + partition + " of " + topic
                + ", but the frames of requester " + requester + " belong on partition " + expected + " of "
                + partitionCount + ": send them with the record key \"" + RequestPartitions.keyOf(requester)
                + "\" and Kafka's default partitioner (murmur2)";
    }

    /**
     * Checks the frame's sequence number against its requester's replay window and records it when it is new.
     * Returns whether the frame may be served; a duplicate is dropped and a number behind the window rejected.
     */
    private boolean admitSequence(int topicSubscriber, FrameHeader header) {
        long windowKey = ((long) header.subscriber() << 32) | header.requester();
        byte[] stored = replayWindows.get(windowKey);
        long modulus = codec.layout().sequenceModulus();
        ReplayWindow window = stored == null ? ReplayWindow.empty(modulus, windowSequences) : null;
        if (window == null) {
            try {
                window = ReplayWindow.fromBytes(stored, modulus, windowSequences);
            } catch (IllegalArgumentException unreadable) {
                // A window that cannot be read would fail every frame of the requester and replace the stream
                // thread each time. Starting a new one keeps the requester served, at the cost of accepting
                // repeats of its frames that the lost window had seen.
                LOG.error("[coordinator {}] Replaced the unreadable replay window of requester {} of subscriber {}: {}",
                        coordinator, header.requester(), header.subscriber(), unreadable.getMessage());
                window = ReplayWindow.empty(modulus, windowSequences);
            }
        }

        switch (window.check(header.sequence())) {
            case NEW -> {
                window.accept(header.sequence());
                replayWindows.put(windowKey, window.toBytes());
                return true;
            }
            case DUPLICATE -> {
                // Counted, not logged per frame: a replay flood would otherwise flood the log.
                droppedReplay.record();
                return false;
            }
            default -> {
                rejectedTooOld.record();
                int next = window.nextSequence();
                RecordHeaders headers = new RecordHeaders();
                headers.add(ReplyHeaders.NEXT_SEQUENCE, Integer.toString(next).getBytes(StandardCharsets.UTF_8));
                reject(topicSubscriber, header, ErrorCode.SEQUENCE_TOO_OLD, "sequence " + header.sequence()
                        + " of requester " + header.requester() + " is more than " + (windowSequences - 1)
                        + " behind the highest accepted, so it cannot be distinguished from a replay; resend from sequence "
                        + next, headers);
                return false;
            }
        }
    }

    /**
     * Reads the operation header. Only encrypt-type frames may ask for a rewrap, since only they carry the
     * token that proves the requester belongs to the subscriber.
     *
     * @throws IllegalArgumentException if the header names an operation this version does not know, or a
     *     rewrap arrives on a decrypt-type frame
     */
    private static boolean isRewrap(Record<byte[], byte[]> record, Frame frame) {
        Header operation = record.headers().lastHeader(RequestHeaders.OPERATION);
        if (operation == null) {
            return false;
        }
        String value = operation.value() == null ? "" : new String(operation.value(), StandardCharsets.UTF_8);
        if (!RequestHeaders.REWRAP.equals(value)) {
            throw new IllegalArgumentException("header " + RequestHeaders.OPERATION + " names operation '" + value
                    + "', which this service does not know");
        }
        if (frame.type() != RequestType.ENCRYPT) {
            throw new IllegalArgumentException("a rewrap must be sent as an encrypt-type frame with the token");
        }
        return true;
    }

    @Override
    public void close() {
        if (topics != null) {
            topics.close();
        }
    }

    private void reject(int topicSubscriber, FrameHeader header, ErrorCode code, String message) {
        reject(topicSubscriber, header, code, message, new RecordHeaders());
    }

    private void reject(int topicSubscriber, FrameHeader header, ErrorCode code, String message,
                        RecordHeaders replyHeaders) {
        rejected.record();
        if (!topics.exists(TopicCatalogue.replyTopic(topicSubscriber))) {
            deadLetter(message + "; no reply sent because topic " + TopicCatalogue.replyTopic(topicSubscriber)
                    + " does not exist", 0);
            return;
        }
        LOG.warn("[coordinator {}] Rejected request {} of requester {} from {}: {}", coordinator, header.sequence(),
                header.requester(), DeadLetters.origin(context), message);
        ErrorReplies.forward(context, CoordinatorTopology.REPLY_SINK, codec, topicSubscriber, header, code, message,
                replyHeaders);
    }

    private void deadLetter(String reason, int payloadSizeBytes) {
        LOG.warn("[coordinator {}] Dead-lettered record {}: {}", coordinator, DeadLetters.origin(context), reason);
        context.forward(new Record<>((Object) null,
                (Object) DeadLetters.of(context, CoordinatorTopology.COMPONENT, reason, payloadSizeBytes),
                System.currentTimeMillis()), DeadLetters.SINK);
    }
}
