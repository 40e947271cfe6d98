package dev.eaas.client;

import dev.eaas.topics.ErrorCode;
import dev.eaas.topics.ReplyHeaders;
import dev.eaas.topics.avro.RequestType;
import dev.eaas.topics.frame.Frame;
import dev.eaas.topics.frame.FrameCodec;
import dev.eaas.topics.frame.FrameHeader;
import dev.eaas.topics.frame.MalformedFrameException;
import java.nio.charset.StandardCharsets;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;

/**
 * Matches a reply record from the subscriber's reply topic to the pending request it replies to.
 *
 * <p>A reply names its request by requester, sequence, type and pair. An encryption or rewrap reply is one
 * encrypt-type frame without a token. A decryption reply is 2^d frames that differ only in their d-bit
 * token: the frame with the subscriber's token carries the plaintext and every other frame is a decoy. A
 * record with the {@link ReplyHeaders#ERROR_CODE} header is an error reply: it has no token field and its
 * data is a UTF-8 message. A {@code SEQUENCE_TOO_OLD} error reply also carries the next sequence number the
 * coordinator accepts from the requester. Each attempt matches at most one reply: the first matching reply takes the attempt
 * out of the table, so duplicates find nothing.
 *
 * <p>Instances are thread-safe.
 */
final class ReplyMatcher {

    private final FrameCodec codec;
    private final Registration registration;

    ReplyMatcher(FrameCodec codec, Registration registration) {
        this.codec = codec;
        this.registration = registration;
    }

    /** Decodes a reply record and takes the request it replies to out of {@code table}'s in-flight attempts. */
    ReplyOutcome match(byte[] value, Headers headers, PendingRequestTable table) {
        if (value == null) {
            return new ReplyOutcome.Ignored("record without a value");
        }
        FrameHeader header;
        try {
            header = codec.decodeHeader(value);
        } catch (MalformedFrameException malformed) {
            return new ReplyOutcome.Ignored(malformed.getMessage());
        }
        if (header.subscriber() != registration.subscriber()) {
            return new ReplyOutcome.Ignored("frame of subscriber " + header.subscriber());
        }

        Header errorHeader = headers == null ? null : headers.lastHeader(ReplyHeaders.ERROR_CODE);
        if (errorHeader != null) {
            return matchError(value, headers, header, errorHeader, table);
        }

        int tokenBits = Frame.replyTokenBits(header.type(), registration.deceptionFactorBits());
        Frame frame;
        try {
            frame = codec.decode(value, header, tokenBits);
        } catch (MalformedFrameException malformed) {
            return new ReplyOutcome.Ignored(malformed.getMessage());
        }
        if (frame.type() == RequestType.DECRYPT && frame.token() != registration.token()) {
            return new ReplyOutcome.Decoy();
        }

        PendingRequest request = table.take(header.requester(), header.sequence(), header.type(), header.pair());
        if (request == null) {
            return unknown(header);
        }
        return new ReplyOutcome.Completed(request, frame.data());
    }

    /**
     * Matches an error reply. Only the fixed header identifies the request, so a message that cannot be
     * decoded still fails the request with the right code instead of leaving it to time out.
     */
    private ReplyOutcome matchError(byte[] value, Headers headers, FrameHeader header, Header errorHeader,
                                    PendingRequestTable table) {
        String codeName = errorHeader.value() == null ? "" : new String(errorHeader.value(), StandardCharsets.UTF_8);
        ErrorCode code = ErrorCode.parse(codeName);
        PendingRequest request = table.take(header.requester(), header.sequence(), header.type(), header.pair());
        if (request == null) {
            return unknown(header);
        }
        String codeText = code.name().equals(codeName) ? code.name() : code.name() + " (sent as '" + codeName + "')";
        EaasRequestException error = new EaasRequestException(code,
                request.describe(header.sequence()) + " failed with " + codeText + ": " + serviceMessage(value, header));
        int nextSequence = code == ErrorCode.SEQUENCE_TOO_OLD ? nextSequence(headers) : -1;
        return new ReplyOutcome.Failed(request, error, nextSequence);
    }

    /** Returns the sequence number in the {@link ReplyHeaders#NEXT_SEQUENCE} header, or -1 if it is missing or invalid. */
    private int nextSequence(Headers headers) {
        Header header = headers.lastHeader(ReplyHeaders.NEXT_SEQUENCE);
        if (header == null || header.value() == null) {
            return -1;
        }
        try {
            long next = Long.parseLong(new String(header.value(), StandardCharsets.UTF_8));
            return next >= 0 && next < codec.layout().sequenceModulus() ? (int) next : -1;
        } catch (NumberFormatException invalid) {
            return -1;
        }
    }

    private String serviceMessage(byte[] value, FrameHeader header) {
        try {
            return new String(codec.decode(value, header, 0).data(), StandardCharsets.UTF_8);
        } catch (MalformedFrameException malformed) {
            return "(the reply carries no readable message: " + malformed.getMessage() + ")";
        }
    }

    private static ReplyOutcome unknown(FrameHeader header) {
        return new ReplyOutcome.Ignored("no pending " + header.type() + " request of requester " + header.requester()
                + " for pair " + header.pair() + " with sequence " + header.sequence()
                + "; it belongs to another client, was already answered or has ended");
    }
}
