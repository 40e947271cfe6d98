package dev.eaas.loadgen.load;

import java.security.GeneralSecurityException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;

/**
 * A round trip of the no-encryption and local-encryption modes: {@code exchanges} echo exchanges one after the
 * other, each sending what the previous one brought back. Two exchanges, the default, make the same number of
 * trips to Kafka and back as one EaaS round trip (an encryption, then a decryption).
 *
 * <p>With a {@link LocalCipher}, the requester seals the payload first and the echoed envelope is opened at the
 * end, so the data on the topics is ciphertext, as it would be between two microservices that encrypt
 * themselves. Either way the final bytes must equal the payload.
 *
 * <p>Each exchange after the first, and the opening, run on {@code workers}, not on the echo client's reply
 * thread, which must not block.
 */
final class EchoRoundTrip implements OpenLoopScheduler.RoundTrip {

    private final EchoClient echo;
    private final int exchanges;
    private final int pairs;
    private final LocalCipher cipher;
    private final Payloads payloads;
    private final Executor workers;

    /**
     * @param cipher the local encryption, or null to send the payload as it is
     */
    EchoRoundTrip(EchoClient echo, int exchanges, int pairs, LocalCipher cipher, Payloads payloads, Executor workers) {
        if (exchanges < 1 || pairs < 1) {
            throw new IllegalArgumentException("Invalid echo round trip: exchanges=" + exchanges + ", pairs=" + pairs
                    + "; expected at least 1 of each");
        }
        this.echo = echo;
        this.exchanges = exchanges;
        this.pairs = pairs;
        this.cipher = cipher;
        this.payloads = payloads;
        this.workers = workers;
    }

    @Override
    public CompletableFuture<?> start(long index) {
        int pair = (int) (index % pairs);
        byte[] payload = payloads.next(index);
        byte[] sent = cipher == null ? payload : seal(pair, payload);

        CompletableFuture<byte[]> echoed = echo.exchange(sent);
        for (int exchange = 1; exchange < exchanges; exchange++) {
            echoed = echoed.thenComposeAsync(echo::exchange, workers);
        }
        if (cipher != null) {
            echoed = echoed.thenApplyAsync(envelope -> open(pair, envelope), workers);
        }
        return echoed.thenAccept(received -> EaasRoundTrip.requireEqual(payload, received));
    }

    private byte[] seal(int pair, byte[] payload) {
        try {
            return cipher.seal(pair, payload);
        } catch (GeneralSecurityException failure) {
            throw new IllegalStateException("Local encryption with " + cipher.suite().suiteName() + " failed: " + failure.getMessage(), failure);
        }
    }

    private byte[] open(int pair, byte[] envelope) {
        try {
            return cipher.open(pair, envelope);
        } catch (GeneralSecurityException failure) {
            throw new CompletionException(new IllegalStateException("Local decryption with "
                    + cipher.suite().suiteName() + " failed: " + failure.getMessage(), failure));
        }
    }
}
