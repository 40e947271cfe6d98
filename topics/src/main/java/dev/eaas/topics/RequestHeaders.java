package dev.eaas.topics;

/** Names and values of the Kafka record headers a requester may set on request frames. */
public final class RequestHeaders {

    /**
     * Names an operation the frame's type bit cannot express. Absent on plain encryptions and decryptions.
     * A frame with {@link #REWRAP} has the encrypt type and carries a ciphertext envelope as its data. Its reply is
     * an encryption reply: the same plaintext encrypted under the pair's newest key version.
     */
    public static final String OPERATION = "eaas.operation";

    /** Value of {@link #OPERATION} for a rewrap request. */
    public static final String REWRAP = "rewrap";

    private RequestHeaders() {
    }
}
