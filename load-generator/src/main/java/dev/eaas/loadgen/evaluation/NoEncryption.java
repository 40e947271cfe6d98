package dev.eaas.loadgen.evaluation;

import java.util.concurrent.CompletableFuture;

/** The No Encryption baseline: every document travels raw. */
public final class NoEncryption implements HopProtection {

    @Override
    public CompletableFuture<Protected> protect(int sender, int receiver, byte[] document) {
        return CompletableFuture.completedFuture(new Protected(document, false));
    }

    @Override
    public CompletableFuture<byte[]> open(int receiver, int sender, byte[] sealed) {
        return CompletableFuture.failedFuture(new IllegalStateException("No Encryption never seals a document"));
    }

    @Override
    public String mode() {
        return "no-encryption";
    }
}
