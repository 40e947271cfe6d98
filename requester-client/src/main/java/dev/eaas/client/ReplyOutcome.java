package dev.eaas.client;

/** Result of matching one reply record with {@link ReplyMatcher}. */
sealed interface ReplyOutcome {

    /** The real reply to a pending request: its ciphertext or plaintext. */
    record Completed(PendingRequest request, byte[] data) implements ReplyOutcome {
    }

    /** An error reply to a pending request. */
    record Failed(PendingRequest request, EaasRequestException error) implements ReplyOutcome {
    }

    /** A decryption reply frame whose token is not the subscriber's. */
    record Decoy() implements ReplyOutcome {
    }

    /** A record that belongs to no pending request of this client, with the reason for logs. */
    record Ignored(String reason) implements ReplyOutcome {
    }
}
