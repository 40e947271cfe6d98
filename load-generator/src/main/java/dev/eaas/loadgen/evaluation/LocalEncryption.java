package dev.eaas.loadgen.evaluation;

import dev.eaas.topics.SuiteId;
import dev.eaas.topics.avro.PairKey;
import dev.eaas.topology.crypto.CipherSuite;
import dev.eaas.topology.crypto.CipherSuites;
import dev.eaas.topology.crypto.Envelope;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import javax.crypto.SecretKey;

/**
 * The Local Encryption baseline: each service seals the document itself with the default suite (AES-256-GCM)
 * under a key its pair shares, and sends it raw when its {@link OperationBudget} is spent. Keys are handed to
 * the services out of band, which a real deployment would have to solve, and no key is reachable from the
 * chain topic.
 */
public final class LocalEncryption implements HopProtection {

    private static final int KEY_VERSION = 1;

    private final int subscriber;
    private final int servicesPerChain;
    private final double budgetOperationsPerSecond;
    private final Map<Integer, OperationBudget> budgets = new ConcurrentHashMap<>();
    private final Map<Long, SecretKey> pairKeys = new ConcurrentHashMap<>();
    private final ThreadLocal<CipherSuite> suites = ThreadLocal.withInitial(() -> CipherSuites.create(SuiteId.DEFAULT));
    private final SecureRandom random = new SecureRandom();

    /**
     * @param subscriber the subscriber id bound into each envelope's associated data
     * @param servicesPerChain services of a chain; requester ids that differ by a multiple of it are the same
     *     service (the same pod) in different chains, and share its budget
     * @param budgetOperationsPerSecond cryptographic operations each service may run per second
     */
    public LocalEncryption(int subscriber, int servicesPerChain, double budgetOperationsPerSecond) {
        this.subscriber = subscriber;
        this.servicesPerChain = servicesPerChain;
        this.budgetOperationsPerSecond = budgetOperationsPerSecond;
        budget(1);
    }

    @Override
    public CompletableFuture<Protected> protect(int sender, int receiver, byte[] document) {
        if (!budget(sender).tryTake()) {
            return CompletableFuture.completedFuture(new Protected(document, false));
        }
        try {
            byte[] sealed = Envelope.seal(suites.get(), random, pairKey(sender, receiver), KEY_VERSION,
                    pair(sender, receiver), document);
            return CompletableFuture.completedFuture(new Protected(sealed, true));
        } catch (GeneralSecurityException failure) {
            return CompletableFuture.failedFuture(failure);
        }
    }

    @Override
    public CompletableFuture<byte[]> open(int receiver, int sender, byte[] sealed) {
        budget(receiver).take();
        try {
            return CompletableFuture.completedFuture(Envelope.open(suites.get(), pairKey(sender, receiver),
                    KEY_VERSION, pair(sender, receiver), sealed));
        } catch (GeneralSecurityException failure) {
            return CompletableFuture.failedFuture(failure);
        }
    }

    @Override
    public String mode() {
        return "local-encryption";
    }

    private OperationBudget budget(int requester) {
        return budgets.computeIfAbsent(Math.floorMod(requester - 1, servicesPerChain), unused -> new OperationBudget(budgetOperationsPerSecond, System::nanoTime));
    }

    private SecretKey pairKey(int a, int b) {
        long id = (long) Math.min(a, b) << 32 | Math.max(a, b);
        return pairKeys.computeIfAbsent(id, unused -> {
            byte[] material = new byte[SuiteId.DEFAULT.keySizeBytes()];
            random.nextBytes(material);
            try {
                return suites.get().key(material);
            } catch (GeneralSecurityException failure) {
                throw new IllegalStateException("Failed to build a " + SuiteId.DEFAULT.suiteName() + " key", failure);
            }
        });
    }

    private PairKey pair(int a, int b) {
        return new PairKey(subscriber, Math.min(a, b), Math.max(a, b));
    }
}
