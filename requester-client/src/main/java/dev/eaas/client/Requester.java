package dev.eaas.client;

import dev.eaas.topics.ErrorCode;
import dev.eaas.topics.RequestHeaders;
import dev.eaas.topics.RequestLimits;
import dev.eaas.topics.frame.FieldOverflowException;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;

/**
 * One microservice of the subscriber, sending encryption, decryption and rewrap requests through an
 * {@link EaasClient}. Get one with {@link EaasClient#requester(int)}; handles are cheap, thread-safe, and
 * handles with the same id share one sequence counter.
 *
 * <p>Invalid arguments are thrown at once. Every other failure, a closed client included, is delivered
 * through the returned future as an {@link EaasException}: {@link EaasRequestException} when the service
 * rejected the request, {@link EaasTimeoutException} when no reply came in time,
 * {@link EaasClientClosedException} when the client was closed first. Futures complete on a thread of the
 * client, so callbacks attached to them must not block.
 *
 * <p>The calling thread hands the frames to the Kafka producer, which may block it while it fetches
 * metadata or waits for buffer space, for at most {@link EaasClientConfig#requestTimeoutMs()} unless the
 * Kafka property {@code max.block.ms} sets another limit.
 */
public final class Requester {

    private final EaasClient client;
    private final int id;

    Requester(EaasClient client, int id) {
        this.client = client;
        this.id = id;
    }

    /** Returns the requester id. */
    public int id() {
        return id;
    }

    /**
     * Sends {@code plaintext} to be encrypted for the communication between this requester and
     * {@code pair}, hidden among 2^d - 1 decoys. The future completes with the ciphertext envelope, which
     * only this requester or {@code pair} can have decrypted.
     *
     * @throws FieldOverflowException if {@code pair} does not fit the frame layout's requester width
     * @throws NullPointerException if {@code plaintext} is null
     * @throws IllegalArgumentException if {@code plaintext} is larger than {@link RequestLimits#MAX_DATA_BYTES}
     */
    public CompletableFuture<byte[]> encrypt(int pair, byte[] plaintext) {
        Objects.requireNonNull(plaintext, "plaintext");
        return client.submit(id, Operation.ENCRYPT, pair, plaintext.clone());
    }

    /**
     * Sends {@code ciphertext}, made by this requester or by {@code pair} for their communication, to be
     * decrypted. The future completes with the plaintext; the service replies with 2^d frames and the
     * client keeps the one that carries the subscriber's token.
     *
     * @throws FieldOverflowException if {@code pair} does not fit the frame layout's requester width
     * @throws NullPointerException if {@code ciphertext} is null
     * @throws IllegalArgumentException if {@code ciphertext} is larger than {@link RequestLimits#MAX_DATA_BYTES}
     */
    public CompletableFuture<byte[]> decrypt(int pair, byte[] ciphertext) {
        Objects.requireNonNull(ciphertext, "ciphertext");
        return client.submit(id, Operation.DECRYPT, pair, ciphertext.clone());
    }

    /**
     * Sends {@code envelope}, a ciphertext made for the communication between this requester and
     * {@code pair}, to be encrypted again under the newest key version of the pair. The future completes
     * with the new envelope, and the plaintext never leaves the service. The request travels like an
     * encryption, as 2^d frames that all carry the {@link RequestHeaders#OPERATION} header. Its decoys copy the
     * envelope's cleartext header and are uniform random bytes after it. Rewrap an envelope before an operator retires its
     * key version, because afterwards the future fails with {@link ErrorCode#KEY_VERSION_RETIRED}.
     *
     * @throws FieldOverflowException if {@code pair} does not fit the frame layout's requester width
     * @throws NullPointerException if {@code envelope} is null
     * @throws IllegalArgumentException if {@code envelope} is empty or larger than {@link RequestLimits#MAX_DATA_BYTES}
     */
    public CompletableFuture<byte[]> rewrap(int pair, byte[] envelope) {
        Objects.requireNonNull(envelope, "envelope");
        if (envelope.length == 0) {
            throw new IllegalArgumentException("Invalid empty envelope; a rewrap needs a ciphertext envelope"
                    + " that encrypt or rewrap returned");
        }
        return client.submit(id, Operation.REWRAP, pair, envelope.clone());
    }

    @Override
    public String toString() {
        return "Requester[subscriber=" + client.registration().subscriber() + ", requester=" + id + "]";
    }
}
