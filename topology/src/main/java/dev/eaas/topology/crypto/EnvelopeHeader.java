package dev.eaas.topology.crypto;

import dev.eaas.topics.SuiteId;

/**
 * The first six bytes of an envelope, read without a key.
 *
 * @param formatVersion the envelope format, 1 for every envelope this release writes
 * @param suite the cipher suite the envelope was sealed with
 * @param keyVersion the version of the pair key (DEK) the envelope was sealed under
 */
public record EnvelopeHeader(int formatVersion, SuiteId suite, int keyVersion) {
}
