package dev.eaas.loadgen.load;

import dev.eaas.client.EaasClient;
import dev.eaas.client.Requester;
import java.util.Arrays;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;

/**
 * A round trip of the eaas mode: requester 2k+1 has a payload encrypted for its pair 2k+2, then requester 2k+2
 * has the ciphertext decrypted, and the plaintext must equal the payload. Round trip {@code i} uses pair
 * {@code k = i mod pairs}.
 *
 * <p>The decryption is sent from {@code decryptSenders}, not from the client's reply thread that completes the
 * encryption, because sending may block and the client's callbacks must not.
 */
final class EaasRoundTrip implements OpenLoopScheduler.RoundTrip {

    private final Requester[] senders;
    private final Requester[] receivers;
    private final Payloads payloads;
    private final Executor decryptSenders;

    EaasRoundTrip(EaasClient client, int pairs, Payloads payloads, Executor decryptSenders) {
        this.senders = new Requester[pairs];
        this.receivers = new Requester[pairs];
        for (int pair = 0; pair < pairs; pair++) {
            senders[pair] = client.requester(2 * pair + 1);
            receivers[pair] = client.requester(2 * pair + 2);
        }
        this.payloads = payloads;
        this.decryptSenders = decryptSenders;
    }

    @Override
    public CompletableFuture<?> start(long index) {
        int pair = (int) (index % senders.length);
        Requester sender = senders[pair];
        Requester receiver = receivers[pair];
        byte[] payload = payloads.next(index);
        return sender.encrypt(receiver.id(), payload)
                .thenComposeAsync(ciphertext -> receiver.decrypt(sender.id(), ciphertext), decryptSenders)
                .thenAccept(plaintext -> requireEqual(payload, plaintext));
    }

    static void requireEqual(byte[] sent, byte[] received) {
        if (!Arrays.equals(sent, received)) {
            throw new IllegalStateException("The payload that came back differs from the payload sent ("
                    + received.length + " bytes came back, " + sent.length + " were sent)");
        }
    }
}
