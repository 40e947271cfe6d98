package dev.eaas.topics;

/**
 * The largest data a request frame may carry.
 *
 * <p>Every record of a request's path must fit Kafka's default limits: the producer's {@code max.request.size}
 * of 1,048,576 bytes and the broker's {@code message.max.bytes} of 1,048,588 bytes, which no EaaS topic raises.
 * The data grows on its way: the key request and the crypto request wrap it in Avro fields, the crypto request
 * adds one or two wrapped keys, and a ciphertext adds the envelope's header, nonce and tag. Reserving 4 KiB for
 * all of that keeps each record within the limits. A frame with more data is rejected by the client before it is
 * sent and by the coordinator, because a record too large for the broker would fail the stream task that writes it.
 */
public final class RequestLimits {

    /** Kafka's default {@code max.request.size}, the smallest record limit on the path. */
    public static final int MAX_RECORD_BYTES = 1_048_576;

    /** Room kept for frame headers, Avro fields, wrapped keys and the envelope. */
    public static final int RESERVED_BYTES = 4_096;

    /** Largest plaintext or ciphertext one request may carry: 1,044,480 bytes. */
    public static final int MAX_DATA_BYTES = MAX_RECORD_BYTES - RESERVED_BYTES;

    private RequestLimits() {
    }
}
