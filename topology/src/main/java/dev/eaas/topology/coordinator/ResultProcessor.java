package dev.eaas.topology.coordinator;

import dev.eaas.topics.decoy.DecoyGenerator;
import dev.eaas.topics.ErrorCode;
import dev.eaas.topics.TopicCatalogue;
import dev.eaas.topics.avro.CryptoResult;
import dev.eaas.topics.avro.RequestType;
import dev.eaas.topics.avro.SubscriberRecord;
import dev.eaas.topics.frame.FieldOverflowException;
import dev.eaas.topics.frame.Frame;
import dev.eaas.topics.frame.FrameCodec;
import dev.eaas.topics.frame.FrameHeader;
import dev.eaas.topology.common.AvroBytes;
import dev.eaas.topology.common.Counters;
import dev.eaas.topology.common.DeadLetters;
import dev.eaas.topology.common.TopicCheck;
import java.security.SecureRandom;
import java.util.Map;
import java.util.function.Function;
import org.apache.kafka.common.metrics.Sensor;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns a cryptor's result into reply frames for the requester. An encryption gets one frame and a failure
 * one error frame. A decryption gets 2^d frames, one per token value: the real plaintext under the
 * subscriber's token and a decoy of the same length under every other.
 */
final class ResultProcessor implements Processor<byte[], CryptoResult, Object, Object> {

    private static final Logger LOG = LoggerFactory.getLogger(ResultProcessor.class);

    private final int coordinator;
    private final FrameCodec codec;
    private final DecoyGenerator decoys;
    private final Function<Map<String, Object>, TopicCheck> topicChecks;
    private final SecureRandom random = new SecureRandom();

    private ProcessorContext<Object, Object> context;
    private KeyValueStore<Integer, SubscriberRecord> subscribers;
    private TopicCheck topics;
    private Sensor repliesSent;
    private Sensor decoyRepliesSent;

    ResultProcessor(int coordinator, FrameCodec codec, DecoyGenerator decoys,
                    Function<Map<String, Object>, TopicCheck> topicChecks) {
        this.coordinator = coordinator;
        this.codec = codec;
        this.decoys = decoys;
        this.topicChecks = topicChecks;
    }

    @Override
    public void init(ProcessorContext<Object, Object> context) {
        this.context = context;
        this.subscribers = context.getStateStore(CoordinatorTopology.SUBSCRIBER_STORE);
        this.topics = topicChecks.apply(context.appConfigs());
        this.repliesSent = Counters.counter(context, CoordinatorTopology.COMPONENT, "replies-sent");
        this.decoyRepliesSent = Counters.counter(context, CoordinatorTopology.COMPONENT, "decoy-replies-sent");
    }

    @Override
    public void process(Record<byte[], CryptoResult> record) {
        CryptoResult result = record.value();
        if (result == null) {
            deadLetter("crypto result without a value");
            return;
        }
        SubscriberRecord subscriber = subscribers.get(result.getSubscriber());
        if (subscriber == null) {
            deadLetter("crypto result for subscriber " + result.getSubscriber() + ", who is not registered");
            return;
        }
        if (!topics.exists(TopicCatalogue.replyTopic(result.getSubscriber()))) {
            deadLetter("result for subscriber " + result.getSubscriber() + ", whose reply topic "
                    + TopicCatalogue.replyTopic(result.getSubscriber()) + " does not exist");
            return;
        }
        try {
            reply(result, subscriber);
        } catch (FieldOverflowException invalid) {
            deadLetter("result that cannot be framed for requester " + result.getRequester() + " of subscriber "
                    + result.getSubscriber() + ": " + invalid.getMessage());
        }
    }

    @Override
    public void close() {
        if (topics != null) {
            topics.close();
        }
    }

    private void reply(CryptoResult result, SubscriberRecord subscriber) {
        FrameHeader request = new FrameHeader(result.getSubscriber(), result.getRequester(), result.getSequence(),
                result.getType(), result.getPair());
        repliesSent.record();
        if (result.getErrorCode() != null) {
            ErrorReplies.forward(context, CoordinatorTopology.RESULT_REPLY_SINK, codec, result.getSubscriber(), request,
                    ErrorCode.parse(result.getErrorCode()),
                    result.getErrorMessage() == null ? result.getErrorCode() : result.getErrorMessage());
            return;
        }

        byte[] data = AvroBytes.of(result.getData());
        int d = subscriber.getDeceptionFactorBits();
        if (result.getType() == RequestType.ENCRYPT || d == 0) {
            forward(result.getRequester(), new Frame(request.subscriber(), request.requester(), request.sequence(),
                    request.type(), request.pair(), 0, Frame.replyTokenBits(request.type(), d), data));
            return;
        }
        for (int token = 0; token < 1 << d; token++) {
            boolean real = token == subscriber.getToken();
            if (!real) {
                decoyRepliesSent.record();
            }
            forward(result.getRequester(), new Frame(request.subscriber(), request.requester(), request.sequence(),
                    request.type(), request.pair(), token, d, real ? data : decoys.decoyFor(data, random)));
        }
    }

    private void forward(int requester, Frame frame) {
        context.forward(new Record<>((Object) Integer.toString(requester), (Object) codec.encode(frame),
                System.currentTimeMillis()), CoordinatorTopology.RESULT_REPLY_SINK);
    }


    private void deadLetter(String reason) {
        LOG.warn("[coordinator {}] Dead-lettered record {}: {}", coordinator, DeadLetters.origin(context), reason);
        context.forward(new Record<>((Object) null,
                (Object) DeadLetters.of(context, CoordinatorTopology.COMPONENT, reason, 0),
                System.currentTimeMillis()), CoordinatorTopology.RESULT_DEAD_LETTER_SINK);
    }
}
