package dev.eaas.topics;

/** Names of the Kafka record headers on reply frames. */
public final class ReplyHeaders {

    /**
     * Present only on error replies; its value is the UTF-8 name of an {@link ErrorCode}. An error reply
     * carries a zero token whatever the subscriber's token is, so it gives an observer nothing.
     */
    public static final String ERROR_CODE = "eaas.error";

    private ReplyHeaders() {
    }
}
