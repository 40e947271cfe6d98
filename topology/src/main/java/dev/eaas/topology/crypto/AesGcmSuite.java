package dev.eaas.topology.crypto;

import dev.eaas.topics.SuiteId;
import java.security.spec.AlgorithmParameterSpec;
import javax.crypto.spec.GCMParameterSpec;

/**
 * AES-256-GCM through the JDK provider, which uses the processor's AES and carry-less multiply instructions
 * where it has them. The default suite and the fast path.
 */
final class AesGcmSuite extends JdkAeadSuite {

    AesGcmSuite() {
        super(SuiteId.AES_256_GCM, "AES/GCM/NoPadding", "AES");
    }

    @Override
    AlgorithmParameterSpec parameters(byte[] nonce) {
        return new GCMParameterSpec(TAG_SIZE_BYTES * 8, nonce);
    }
}
