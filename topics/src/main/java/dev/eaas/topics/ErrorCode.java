package dev.eaas.topics;

/**
 * The reason a request was not served. Sent to the requester in the {@link ReplyHeaders#ERROR_CODE} header of a
 * reply frame, whose data is then a UTF-8 message for people.
 */
public enum ErrorCode {
    /** The frame's subscriber has not registered, or its registration has not reached the coordinator yet. */
    NOT_REGISTERED(true),
    /** The frame claims a subscriber other than the one whose topic it was sent on. */
    SUBSCRIBER_MISMATCH(false),
    /** The subscriber is served by another coordinator. */
    WRONG_COORDINATOR(false),
    /** A field value is outside what the deployment or the subscriber allows, for example the pair. */
    INVALID_REQUEST(false),
    /** The ciphertext was not made for this pair, was changed, or is not a ciphertext at all. */
    DECRYPTION_FAILED(false),
    /**
     * The ciphertext's key version is below the minimum decryption version an operator set for the pair.
     * Rewrapping it first would have kept it readable; now only an operator lowering the minimum can.
     */
    KEY_VERSION_RETIRED(false),
    /** The subscriber asked for a cipher suite the deployment does not know or does not allow. */
    SUITE_NOT_ALLOWED(false),
    /** No coordinator is alive to take a new subscriber. */
    NO_COORDINATOR(true),
    /**
     * The sequence number lies behind the coordinator's replay window for the requester, so it cannot be
     * distinguished from a replayed frame. The reply carries {@link ReplyHeaders#NEXT_SEQUENCE}, the next number the
     * coordinator accepts; a client that resends from there is served.
     */
    SEQUENCE_TOO_OLD(true),
    /** An unexpected failure inside the service. */
    INTERNAL_ERROR(true);

    private final boolean retriable;

    ErrorCode(boolean retriable) {
        this.retriable = retriable;
    }

    /** Returns whether sending the same request again later may succeed. */
    public boolean retriable() {
        return retriable;
    }

    /** Returns the constant with this name, or {@link #INTERNAL_ERROR} for a name this version does not know. */
    public static ErrorCode parse(String name) {
        for (ErrorCode code : values()) {
            if (code.name().equals(name)) {
                return code;
            }
        }
        return INTERNAL_ERROR;
    }
}
