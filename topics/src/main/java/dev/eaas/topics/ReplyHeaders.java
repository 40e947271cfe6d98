package dev.eaas.topics;

/** Names of the Kafka record headers on reply frames. */
public final class ReplyHeaders {

    /**
     * Present only on error replies; its value is the UTF-8 name of an {@link ErrorCode}. An error reply has
     * no token field (decode it with a token width of 0) and its data is a UTF-8 message.
     */
    public static final String ERROR_CODE = "eaas.error";

    private ReplyHeaders() {
    }
}
