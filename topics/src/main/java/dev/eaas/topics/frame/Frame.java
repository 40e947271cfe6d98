package dev.eaas.topics.frame;

import dev.eaas.topics.avro.RequestType;
import java.util.Arrays;
import java.util.Objects;

/**
 * One request or reply frame: the fields of Figure 5 in Javadpour et al., "Improving the Security of Service Mesh in Kubernetes",
 * followed by the data.
 *
 * <p>Request frames carry a token of t = d bits when they ask for encryption and none when they ask for
 * decryption. Reply frames are the other way round: a decryption reply carries the token, so the real
 * plaintext can be distinguished from the decoys, and an encryption reply does not. {@link #tokenBits} is 0 when a
 * frame has no token.
 *
 * @param data plaintext or ciphertext; the array is not copied
 */
public record Frame(int subscriber, int requester, int sequence, RequestType type, int pair,
                    int token, int tokenBits, byte[] data) {

    public Frame {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(data, "data");
        if (tokenBits < 0 || tokenBits > FrameLayout.MAX_TOKEN_BITS) {
            throw new IllegalArgumentException("Invalid token width " + tokenBits + "; it must be between 0 and "
                    + FrameLayout.MAX_TOKEN_BITS + " bits");
        }
    }

    /** Returns the number of token bits a request frame of this type carries for a subscriber with factor d. */
    public static int requestTokenBits(RequestType type, int deceptionFactorBits) {
        return type == RequestType.ENCRYPT ? deceptionFactorBits : 0;
    }

    /**
     * Returns the number of token bits a reply frame of this type carries for a subscriber with factor d.
     * Error replies are the exception: they carry no token (see {@code ReplyHeaders}).
     */
    public static int replyTokenBits(RequestType type, int deceptionFactorBits) {
        return type == RequestType.DECRYPT ? deceptionFactorBits : 0;
    }

    /** Returns the fields that come before the token. */
    public FrameHeader header() {
        return new FrameHeader(subscriber, requester, sequence, type, pair);
    }

    /** Returns a copy of this frame with another token and data, as the deception fan-out needs. */
    public Frame withTokenAndData(int newToken, byte[] newData) {
        return new Frame(subscriber, requester, sequence, type, pair, newToken, tokenBits, newData);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof Frame frame
                && subscriber == frame.subscriber
                && requester == frame.requester
                && sequence == frame.sequence
                && type == frame.type
                && pair == frame.pair
                && token == frame.token
                && tokenBits == frame.tokenBits
                && Arrays.equals(data, frame.data);
    }

    @Override
    public int hashCode() {
        return Objects.hash(subscriber, requester, sequence, type, pair, token, tokenBits) * 31 + Arrays.hashCode(data);
    }

    /** Describes the frame without its data, which may be secret. */
    @Override
    public String toString() {
        return "Frame[subscriber=" + subscriber + ", requester=" + requester + ", sequence=" + sequence
                + ", type=" + type + ", pair=" + pair + ", tokenBits=" + tokenBits + ", dataBytes=" + data.length + "]";
    }
}
