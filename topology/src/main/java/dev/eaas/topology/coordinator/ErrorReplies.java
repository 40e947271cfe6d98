package dev.eaas.topology.coordinator;

import dev.eaas.topics.ErrorCode;
import dev.eaas.topics.ReplyHeaders;
import dev.eaas.topics.frame.Frame;
import dev.eaas.topics.frame.FrameCodec;
import dev.eaas.topics.frame.FrameHeader;
import java.nio.charset.StandardCharsets;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;

/** Sends a requester one reply frame that states why its request was not served. */
final class ErrorReplies {

    private ErrorReplies() {
    }

    /**
     * Forwards an error reply to the reply sink. The frame names the request by its header fields, has no
     * token field, and its data is the UTF-8 message. The error code travels in the
     * {@link ReplyHeaders#ERROR_CODE} header.
     */
    static void forward(ProcessorContext<Object, Object> context, String sink, FrameCodec codec, int replySubscriber,
                        FrameHeader request, ErrorCode code, String message) {
        forward(context, sink, codec, replySubscriber, request, code, message, new RecordHeaders());
    }

    /** Forwards an error reply as {@link #forward} does, with {@code headers} added to the error code header. */
    static void forward(ProcessorContext<Object, Object> context, String sink, FrameCodec codec, int replySubscriber,
                        FrameHeader request, ErrorCode code, String message, RecordHeaders headers) {
        Frame reply = new Frame(replySubscriber, request.requester(), request.sequence(), request.type(),
                request.pair(), 0, 0, message.getBytes(StandardCharsets.UTF_8));
        headers.add(ReplyHeaders.ERROR_CODE, code.name().getBytes(StandardCharsets.UTF_8));
        context.forward(new Record<>((Object) Integer.toString(request.requester()), (Object) codec.encode(reply),
                System.currentTimeMillis(), headers), sink);
    }
}
