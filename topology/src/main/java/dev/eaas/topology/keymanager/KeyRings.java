package dev.eaas.topology.keymanager;

import dev.eaas.topics.KeyVersions;
import dev.eaas.topics.SuiteId;
import dev.eaas.topics.avro.KeyVersionMetadata;
import dev.eaas.topics.avro.PairKey;
import dev.eaas.topics.avro.PairKeyMetadata;
import dev.eaas.topics.avro.PairKeyRing;
import dev.eaas.topics.avro.PairKeyVersion;
import dev.eaas.topics.avro.WrappedKey;
import dev.eaas.topology.common.AvroBytes;
import dev.eaas.topology.crypto.DekBinding;
import dev.eaas.topology.crypto.Kek;
import java.nio.ByteBuffer;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.ToLongFunction;

/**
 * Makes and changes key rings: the versions of one pair's key, each DEK wrapped under the KEK. A plaintext
 * DEK exists here only between its creation and its wrapping, and during a KEK change.
 */
final class KeyRings {

    private final Kek kek;
    private final ToLongFunction<SuiteId> usageLimits;
    private final SecureRandom random = new SecureRandom();

    /**
     * @param usageLimits usage after which a key version of a suite is rotated: encryptions, or 64-bit blocks
     *     for the legacy suites
     */
    KeyRings(Kek kek, ToLongFunction<SuiteId> usageLimits) {
        this.kek = kek;
        this.usageLimits = usageLimits;
    }

    /** Returns a ring holding version 1 of a fresh key for the pair. */
    PairKeyRing create(PairKey pair, SuiteId suite, long nowMs) {
        PairKeyRing ring = PairKeyRing.newBuilder().setPair(pair).setVersions(new ArrayList<>())
                .setMinDecryptionVersion(KeyVersions.FIRST).build();
        return rotate(ring, suite, nowMs);
    }

    /** Adds a new newest version of a fresh key to the ring and returns the ring. */
    PairKeyRing rotate(PairKeyRing ring, SuiteId suite, long nowMs) {
        int version = ring.getVersions().isEmpty() ? KeyVersions.FIRST : newest(ring).getVersion() + 1;
        byte[] dek = Kek.generateDek(suite, random);
        try {
            byte[] wrapped = kek.wrap(dek, binding(ring.getPair(), version, suite));
            ring.getVersions().add(PairKeyVersion.newBuilder()
                    .setVersion(version)
                    .setSuite(suite.id())
                    .setWrappedDek(ByteBuffer.wrap(wrapped))
                    .setCreatedAtMs(nowMs)
                    .setUsage(0L)
                    .setUsageLimit(usageLimits.applyAsLong(suite))
                    .build());
        } finally {
            Arrays.fill(dek, (byte) 0);
        }
        return ring;
    }

    /** Returns the usage after which a key version of the suite is rotated. */
    long usageLimit(SuiteId suite) {
        return usageLimits.applyAsLong(suite);
    }

    /**
     * Returns whether spending {@code usageAfter} in total on the newest version passes its usage limit, or whether
     * the subscriber's suite is no longer the one the newest version was made for.
     */
    boolean needsRotation(PairKeyRing ring, SuiteId suite, long usageAfter) {
        return newest(ring).getSuite() != suite.id() || usageAfter > usageLimit(ring, suite);
    }

    /** Returns the usage limit of the ring's newest version: the lower of its own and the suite's current one. */
    long usageLimit(PairKeyRing ring, SuiteId suite) {
        return Math.min(newest(ring).getUsageLimit(), usageLimits.applyAsLong(suite));
    }

    /**
     * Wraps again under the current KEK every version wrapped under another one.
     *
     * @return the versions rewrapped
     * @throws GeneralSecurityException if a version's KEK is not loaded or its wrapping was changed
     */
    List<Integer> rewrapUnderCurrentKek(PairKeyRing ring) throws GeneralSecurityException {
        List<Integer> rewrapped = new ArrayList<>();
        for (PairKeyVersion version : ring.getVersions()) {
            byte[] wrapped = AvroBytes.of(version.getWrappedDek());
            if (kek.currentFingerprint().equals(Kek.fingerprintOf(wrapped))) {
                continue;
            }
            DekBinding binding = binding(ring.getPair(), version.getVersion(), suiteOf(version));
            version.setWrappedDek(ByteBuffer.wrap(kek.rewrap(wrapped, binding)));
            rewrapped.add(version.getVersion());
        }
        return rewrapped;
    }

    static PairKeyVersion newest(PairKeyRing ring) {
        return ring.getVersions().get(ring.getVersions().size() - 1);
    }

    /** Returns the version with this number, or null if the ring has none. */
    static PairKeyVersion version(PairKeyRing ring, int number) {
        for (PairKeyVersion version : ring.getVersions()) {
            if (version.getVersion() == number) {
                return version;
            }
        }
        return null;
    }

    static WrappedKey wrappedKey(PairKeyVersion version) {
        return WrappedKey.newBuilder().setVersion(version.getVersion()).setSuite(version.getSuite())
                .setWrappedDek(version.getWrappedDek().duplicate()).build();
    }

    /** Returns what an operator may see of the ring: numbers, suites, dates and usage, never key material. */
    static PairKeyMetadata metadata(PairKeyRing ring) {
        List<KeyVersionMetadata> versions = new ArrayList<>();
        for (PairKeyVersion version : ring.getVersions()) {
            versions.add(KeyVersionMetadata.newBuilder()
                    .setVersion(version.getVersion())
                    .setSuite(suiteOf(version).suiteName())
                    .setKekFingerprint(String.valueOf(Kek.fingerprintOf(AvroBytes.of(version.getWrappedDek()))))
                    .setCreatedAtMs(version.getCreatedAtMs())
                    .setUsage(version.getUsage())
                    .setUsageLimit(version.getUsageLimit())
                    .build());
        }
        return PairKeyMetadata.newBuilder().setPair(ring.getPair())
                .setMinDecryptionVersion(ring.getMinDecryptionVersion()).setVersions(versions).build();
    }

    static SuiteId suiteOf(PairKeyVersion version) {
        SuiteId suite = SuiteId.ofId((byte) version.getSuite());
        if (suite == null) {
            throw new IllegalStateException("Key version " + version.getVersion() + " names cipher suite id "
                    + version.getSuite() + ", which this version of the service does not know");
        }
        return suite;
    }

    static DekBinding binding(PairKey pair, int version, SuiteId suite) {
        return new DekBinding(pair.getSubscriber(), pair.getLow(), pair.getHigh(), version, suite);
    }

    /** Returns "{low, high} of subscriber s", the way log lines and operator output name a pair. */
    static String describe(PairKey pair) {
        return "pair {" + pair.getLow() + ", " + pair.getHigh() + "} of subscriber " + pair.getSubscriber();
    }
}
