package dev.eaas.topology.crypto;

import dev.eaas.topics.SuiteId;
import org.bouncycastle.crypto.engines.BlowfishEngine;
import org.bouncycastle.crypto.engines.DESEngine;

/** Creates the {@link CipherSuite} for each {@link SuiteId}. */
public final class CipherSuites {

    private CipherSuites() {
    }

    /**
     * Creates a new instance of the suite, for one thread. Whether a legacy suite may be used at all is the
     * caller's decision, because this method creates every suite in {@link SuiteId}.
     *
     * @throws IllegalStateException if the JDK lacks an algorithm the suite needs
     */
    public static CipherSuite create(SuiteId id) {
        return switch (id) {
            case AES_256_GCM -> new AesGcmSuite();
            case CHACHA20_POLY1305 -> new ChaCha20Poly1305Suite();
            case AES_256_GCM_SIV -> new AesGcmSivSuite();
            case DES_CBC -> new LegacyCbcSuite(id, "DES", DESEngine::new);
            case BLOWFISH_CBC -> new LegacyCbcSuite(id, "Blowfish", BlowfishEngine::new);
        };
    }
}
