package dev.eaas.loadgen.evaluation;

import java.util.concurrent.CompletableFuture;

/**
 * The protection a service of the chain applies to the document it forwards to the next service, and the way
 * the receiver recovers it. Services are named by requester id.
 */
public interface HopProtection {

    /** The data a sender forwards: sealed, or the raw document when protection was skipped. */
    record Protected(byte[] data, boolean sealed) {
    }

    /** Protects {@code document} that service {@code sender} forwards to service {@code receiver}. */
    CompletableFuture<Protected> protect(int sender, int receiver, byte[] document);

    /** Recovers the document that service {@code sender} sealed for service {@code receiver}. */
    CompletableFuture<byte[]> open(int receiver, int sender, byte[] sealed);

    /** Returns the mode's name as the figure reports it. */
    String mode();
}
