package dev.eaas.client;

import dev.eaas.topics.SuiteId;
import dev.eaas.topics.frame.FrameLayout;
import java.util.Objects;

/**
 * A subscriber's registration with the service: what every requester of the subscriber needs to send
 * requests. {@link EaasClient#register} returns it, and registering the same subscriber again returns the
 * same coordinator and token.
 *
 * <p>The token is a secret. Anyone with the token can distinguish the real frame of a request from its decoys, so
 * {@link #toString()} leaves it out. Store a registration only where the subscriber's secrets may be stored.
 *
 * @param subscriber the subscriber id
 * @param coordinator id of the coordinator that serves the subscriber; it is part of the request topic's name
 * @param deceptionFactorBits the deception factor d: every encryption request travels as 2^d frames and
 *     every decryption reply comes back as 2^d frames
 * @param token the secret d-bit token that marks the real frame among the decoys; 0 when d is 0
 * @param cipherSuite the cipher suite that the registrar chose to encrypt the subscriber's data with
 */
public record Registration(int subscriber, int coordinator, int deceptionFactorBits, int token, SuiteId cipherSuite) {

    public Registration {
        Objects.requireNonNull(cipherSuite, "cipherSuite");
        if (subscriber < 0) {
            throw new IllegalArgumentException("Invalid subscriber " + subscriber + "; it must not be negative");
        }
        if (coordinator < 0) {
            throw new IllegalArgumentException("Invalid coordinator " + coordinator + "; it must not be negative");
        }
        if (deceptionFactorBits < 0 || deceptionFactorBits > FrameLayout.MAX_TOKEN_BITS) {
            throw new IllegalArgumentException("Invalid deception factor " + deceptionFactorBits
                    + " bits; it must be between 0 and " + FrameLayout.MAX_TOKEN_BITS);
        }
        if (token < 0 || token >= 1 << deceptionFactorBits) {
            // The value is left out of the message because it may be a real token with a wrong factor.
            throw new IllegalArgumentException("Invalid token for deception factor " + deceptionFactorBits
                    + " bits; it must be between 0 and " + ((1 << deceptionFactorBits) - 1));
        }
    }

    /** Creates a registration with the default cipher suite, {@link SuiteId#DEFAULT}. */
    public Registration(int subscriber, int coordinator, int deceptionFactorBits, int token) {
        this(subscriber, coordinator, deceptionFactorBits, token, SuiteId.DEFAULT);
    }

    /** Returns 2^d, the number of frames of each encryption request and each decryption reply. */
    public int framesPerRequest() {
        return 1 << deceptionFactorBits;
    }

    /** Describes the registration without its token, which is a secret. */
    @Override
    public String toString() {
        return "Registration[subscriber=" + subscriber + ", coordinator=" + coordinator
                + ", deceptionFactorBits=" + deceptionFactorBits + ", token=(hidden), cipherSuite="
                + cipherSuite.suiteName() + "]";
    }
}
