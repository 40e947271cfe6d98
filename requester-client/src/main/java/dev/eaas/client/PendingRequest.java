package dev.eaas.client;

import java.util.concurrent.CompletableFuture;

/**
 * One encryption, decryption or rewrap call, from the moment the client accepts it until its future
 * completes. A call is sent once and resent with a new sequence number after each retriable error, so it
 * outlives its sequence numbers.
 *
 * <p>The fields that are not final change only while {@link PendingRequestTable}'s lock is held.
 */
final class PendingRequest {

    final long id;
    final int requester;
    final Operation operation;
    final int pair;
    /** Plaintext of an encryption, or ciphertext of a decryption or rewrap, kept for resends. */
    final byte[] data;
    final CompletableFuture<byte[]> result;
    final long deadlineMs;

    /** Sequence number of the latest attempt. */
    int sequence;
    /** Number of attempts sent so far. */
    int attempts;
    /** When the next resend is due, or -1 when none is scheduled. */
    long resendAtMs = -1;
    /** The error reply to the latest failed attempt, or null. */
    EaasRequestException lastError;

    PendingRequest(long id, int requester, Operation operation, int pair, byte[] data,
                   CompletableFuture<byte[]> result, long deadlineMs) {
        this.id = id;
        this.requester = requester;
        this.operation = operation;
        this.pair = pair;
        this.data = data;
        this.result = result;
        this.deadlineMs = deadlineMs;
    }

    /** Returns, for example, "Encrypt request of requester 3 for pair 7 (sequence 12)". */
    String describe(int sequenceNumber) {
        return operation.label() + " request of requester " + requester + " for pair " + pair + " (sequence "
                + sequenceNumber + ")";
    }
}
