package dev.eaas.loadgen.evaluation;

import dev.eaas.client.EaasClient;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Protection through EaaS: the sender's requester encrypts for the receiver, and the receiver's requester
 * decrypts. By default it fails closed: a request that fails or times out fails the hop. With a fallback
 * time, an encryption that has not completed by then is replaced by the raw document, which is how the
 * evaluation in Javadpour et al. treats a request that finds no free component.
 */
public final class EaasProtection implements HopProtection {

    private final EaasClient client;
    private final long fallbackRawAfterMs;
    private final String scenario;

    /**
     * @param fallbackRawAfterMs time after which the raw document is forwarded instead; 0 or less fails closed
     */
    public EaasProtection(EaasClient client, long fallbackRawAfterMs, String scenario) {
        this.client = client;
        this.fallbackRawAfterMs = fallbackRawAfterMs;
        this.scenario = scenario;
    }

    @Override
    public CompletableFuture<Protected> protect(int sender, int receiver, byte[] document) {
        CompletableFuture<Protected> sealed = client.requester(sender).encrypt(receiver, document)
                .thenApply(ciphertext -> new Protected(ciphertext, true));
        if (fallbackRawAfterMs <= 0) {
            return sealed;
        }
        return sealed.completeOnTimeout(new Protected(document, false), fallbackRawAfterMs, TimeUnit.MILLISECONDS);
    }

    @Override
    public CompletableFuture<byte[]> open(int receiver, int sender, byte[] sealed) {
        return client.requester(receiver).decrypt(sender, sealed);
    }

    @Override
    public String mode() {
        return "eaas-" + scenario;
    }
}
