package dev.eaas.topics;

/** Names of the Kafka record headers on reply frames. */
public final class ReplyHeaders {

    /**
     * Present only on error replies; its value is the UTF-8 name of an {@link ErrorCode}. An error reply has
     * no token field (decode it with a token width of 0) and its data is a UTF-8 message.
     */
    public static final String ERROR_CODE = "eaas.error";

    /**
     * Present only on {@link ErrorCode#SEQUENCE_TOO_OLD} error replies; its value is the next sequence number the
     * coordinator accepts from the requester, as a UTF-8 decimal string.
     */
    public static final String NEXT_SEQUENCE = "eaas.sequence.next";

    private ReplyHeaders() {
    }
}
