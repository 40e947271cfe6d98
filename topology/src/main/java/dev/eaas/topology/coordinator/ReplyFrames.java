package dev.eaas.topology.coordinator;

import dev.eaas.topics.ErrorCode;
import dev.eaas.topics.avro.CryptoResult;
import dev.eaas.topics.avro.RequestType;
import dev.eaas.topics.avro.SubscriberRecord;
import dev.eaas.topics.decoy.DecoyGenerator;
import dev.eaas.topics.frame.Frame;
import dev.eaas.topics.frame.FrameCodec;
import dev.eaas.topics.frame.FrameHeader;
import dev.eaas.topology.common.AvroBytes;
import dev.eaas.topology.common.Counters;
import java.security.SecureRandom;
import org.apache.kafka.common.metrics.Sensor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;

/**
 * Turns the result of an operation into reply frames for the requester. An encryption gets one frame and a
 * failure one error frame. A decryption gets 2^d frames, one per token value: the real plaintext under the
 * subscriber's token and a decoy of the same length under every other.
 *
 * <p>Each processor that replies has its own, bound to its context and reply sink.
 *
 * <p>NOTE: a decryption reply sent again, after a cryptor repeats a result or a coordinator transaction aborts,
 * carries new decoys beside the same real frame, so a reader of the reply topic who reads both copies can tell the
 * real frame. Decoys drawn from a keyed function of (subscriber, requester, sequence, token) would repeat exactly.
 */
final class ReplyFrames {

    private final FrameCodec codec;
    private final DecoyGenerator decoys;
    private final SecureRandom random = new SecureRandom();
    private final ProcessorContext<Object, Object> context;
    private final String sink;
    private final Sensor repliesSent;
    private final Sensor decoyRepliesSent;

    ReplyFrames(FrameCodec codec, DecoyGenerator decoys, ProcessorContext<Object, Object> context, String sink) {
        this.codec = codec;
        this.decoys = decoys;
        this.context = context;
        this.sink = sink;
        this.repliesSent = Counters.counter(context, CoordinatorTopology.COMPONENT, "replies-sent");
        this.decoyRepliesSent = Counters.counter(context, CoordinatorTopology.COMPONENT, "decoy-replies-sent");
    }

    /**
     * Forwards the reply frames of the result.
     *
     * @throws dev.eaas.topics.frame.FieldOverflowException if a field of the result does not fit the frame layout
     */
    void send(CryptoResult result, SubscriberRecord subscriber) {
        FrameHeader request = new FrameHeader(result.getSubscriber(), result.getRequester(), result.getSequence(),
                result.getType(), result.getPair());
        repliesSent.record();
        if (result.getErrorCode() != null) {
            ErrorReplies.forward(context, sink, codec, result.getSubscriber(), request,
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
                System.currentTimeMillis()), sink);
    }
}
