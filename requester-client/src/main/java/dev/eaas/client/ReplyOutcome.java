package dev.eaas.client;

/** Result of matching one reply record with {@link ReplyMatcher}. */
sealed interface ReplyOutcome {

    /** The real reply to a pending request: its ciphertext or plaintext. */
    record Completed(PendingRequest request, byte[] data) implements ReplyOutcome {
    }

    /**
     * An error reply to a pending request.
     *
     * @param nextSequence for {@code SEQUENCE_TOO_OLD}, the next sequence number the coordinator accepts from the
     *     requester; otherwise, or when the reply does not carry it, -1
     */
    record Failed(PendingRequest request, EaasRequestException error, int nextSequence) implements ReplyOutcome {

        Failed(PendingRequest request, EaasRequestException error) {
            this(request, error, -1);
        }
    }

    /** A decryption reply frame whose token is not the subscriber's. */
    record Decoy() implements ReplyOutcome {
    }

    /** A record that belongs to no pending request of this client, with the reason for logs. */
    record Ignored(String reason) implements ReplyOutcome {
    }
}
