package dev.eaas.topology.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.eaas.topics.SuiteId;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class KekTest {

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final String NOT_UNWRAPPED = "does not unwrap: changed, or bound to another pair, version or suite";

    private final byte[] currentKey = randomKey();
    private final byte[] olderKey = randomKey();
    private final Kek kek = Kek.of(currentKey, List.of(olderKey));
    private final DekBinding binding = new DekBinding(54, 1, 2, 1, SuiteId.AES_256_GCM);

    @ParameterizedTest
    @EnumSource(SuiteId.class)
    void wrapUnwrapRoundTripForEverySuite(SuiteId suite) throws GeneralSecurityException {
        DekBinding suiteBinding = new DekBinding(54, 1, 2, 1, suite);
        byte[] dek = Kek.generateDek(suite, RANDOM);

        byte[] wrapped = kek.wrap(dek, suiteBinding);

        assertThat(dek).hasSize(suite.keySizeBytes());
        assertThat(wrapped).hasSize(1 + 8 + 12 + suite.keySizeBytes() + 16);
        assertThat(kek.unwrap(wrapped, suiteBinding)).isEqualTo(dek);
    }

    @ParameterizedTest
    @EnumSource(SuiteId.class)
    void wrappedBytesNeverContainDek(SuiteId suite) {
        DekBinding suiteBinding = new DekBinding(54, 1, 2, 1, suite);
        for (int round = 0; round < 200; round++) {
            byte[] dek = Kek.generateDek(suite, RANDOM);

            byte[] wrapped = kek.wrap(dek, suiteBinding);

            assertThat(indexOf(wrapped, dek)).as("DEK found inside its wrapped form").isEqualTo(-1);
        }
    }

    @Test
    void twoWrapsOfSameDekDiffer() {
        byte[] dek = Kek.generateDek(SuiteId.AES_256_GCM, RANDOM);

        byte[] first = kek.wrap(dek, binding);
        byte[] second = kek.wrap(dek, binding);

        assertThat(first).isNotEqualTo(second);
        assertThat(Arrays.copyOfRange(first, 9, 21)).isNotEqualTo(Arrays.copyOfRange(second, 9, 21));
    }

    @Test
    void wrappedHeaderNamesCurrentKek() {
        byte[] wrapped = kek.wrap(Kek.generateDek(SuiteId.AES_256_GCM, RANDOM), binding);

        assertThat(wrapped[0]).isEqualTo(Kek.FORMAT);
        assertThat(HexFormat.of().formatHex(wrapped, 1, 9)).isEqualTo(kek.currentFingerprint());
        assertThat(Kek.fingerprintOf(wrapped)).isEqualTo(kek.currentFingerprint());
    }

    @Test
    void fingerprintMatchesKnownValue() {
        byte[] key = new byte[32];
        for (int i = 0; i < key.length; i++) {
            key[i] = (byte) i;
        }

        Kek fixed = Kek.of(key, List.of());

        // HMAC-SHA256(key 00 01 .. 1f, "eaas kek fingerprint v1"), first 8 bytes, computed with Python's hmac module.
        assertThat(fixed.currentFingerprint()).isEqualTo("dd3803c81697bb4d");
    }

    @Test
    void fingerprintsListCurrentFirst() {
        Kek older = Kek.of(olderKey, List.of());

        assertThat(kek.fingerprints()).containsExactly(kek.currentFingerprint(), older.currentFingerprint());
        assertThat(kek.currentFingerprint()).matches("[0-9a-f]{16}");
    }

    @Test
    void fingerprintOfMalformedIsNull() {
        assertThat(Kek.fingerprintOf(null)).isNull();
        assertThat(Kek.fingerprintOf(new byte[8])).isNull();
        assertThat(Kek.fingerprintOf(new byte[] {2, 1, 2, 3, 4, 5, 6, 7, 8})).isNull();
        assertThat(Kek.fingerprintOf(new byte[] {1, 1, 2, 3, 4, 5, 6, 7, 8})).isEqualTo("0102030405060708");
    }

    @Test
    void olderKekUnwrapsWhatItWrapped() throws GeneralSecurityException {
        byte[] dek = Kek.generateDek(SuiteId.AES_256_GCM, RANDOM);
        byte[] wrappedBeforeRotation = Kek.of(olderKey, List.of()).wrap(dek, binding);

        byte[] unwrapped = kek.unwrap(wrappedBeforeRotation, binding);

        assertThat(unwrapped).isEqualTo(dek);
    }

    @Test
    void rewrapMovesDekToCurrentKek() throws GeneralSecurityException {
        byte[] dek = Kek.generateDek(SuiteId.AES_256_GCM, RANDOM);
        byte[] wrappedBeforeRotation = Kek.of(olderKey, List.of()).wrap(dek, binding);

        byte[] rewrapped = kek.rewrap(wrappedBeforeRotation, binding);

        assertThat(Kek.fingerprintOf(rewrapped)).isEqualTo(kek.currentFingerprint());
        assertThat(Kek.of(currentKey, List.of()).unwrap(rewrapped, binding)).isEqualTo(dek);
    }

    @Test
    void unwrapReadsDocumentedFormat() throws Exception {
        byte[] dek = Kek.generateDek(SuiteId.CHACHA20_POLY1305, RANDOM);
        DekBinding chachaBinding = new DekBinding(7, 3, 9, 2, SuiteId.CHACHA20_POLY1305);
        byte[] header = new byte[9];
        header[0] = 1;
        System.arraycopy(HexFormat.of().parseHex(kek.currentFingerprint()), 0, header, 1, 8);
        byte[] nonce = new byte[12];
        RANDOM.nextBytes(nonce);
        byte[] associatedData = ByteBuffer.allocate(11 + 9 + 16 + 1)
                .put("eaas dek v1".getBytes(StandardCharsets.US_ASCII))
                .put(header)
                .putInt(7).putInt(3).putInt(9).putInt(2)
                .put((byte) 2)
                .array();
        Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
        cipher.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(currentKey, "AES"), new GCMParameterSpec(128, nonce));
        cipher.updateAAD(associatedData);
        byte[] sealed = cipher.doFinal(dek);
        byte[] wrapped = ByteBuffer.allocate(9 + 12 + sealed.length).put(header).put(nonce).put(sealed).array();

        byte[] unwrapped = kek.unwrap(wrapped, chachaBinding);

        assertThat(unwrapped).isEqualTo(dek);
    }

    @Test
    void changedByteAtAnyPositionFailsToUnwrap() {
        byte[] wrapped = kek.wrap(Kek.generateDek(SuiteId.AES_256_GCM, RANDOM), binding);

        for (int position = 0; position < wrapped.length; position++) {
            byte[] changed = wrapped.clone();
            changed[position] ^= 0x01;

            GeneralSecurityException failure = catchThrowableOfType(GeneralSecurityException.class,
                    () -> kek.unwrap(changed, binding));

            assertThat(failure).as("unwrap with byte %d changed", position).isNotNull();
            if (position == 0) {
                assertThat(failure).hasMessageContaining("has format 0, which this version does not know");
            } else if (position <= 8) {
                assertThat(failure).hasMessageContaining("which this process does not have");
            } else {
                assertThat(failure).hasMessageContaining(NOT_UNWRAPPED);
            }
        }
    }

    @Test
    void unwrapUnderOtherBindingFails() {
        byte[] wrapped = kek.wrap(Kek.generateDek(SuiteId.AES_256_GCM, RANDOM), binding);
        List<DekBinding> others = List.of(
                new DekBinding(55, 1, 2, 1, SuiteId.AES_256_GCM),
                new DekBinding(54, 0, 2, 1, SuiteId.AES_256_GCM),
                new DekBinding(54, 1, 3, 1, SuiteId.AES_256_GCM),
                new DekBinding(54, 1, 2, 2, SuiteId.AES_256_GCM),
                new DekBinding(54, 1, 2, 1, SuiteId.CHACHA20_POLY1305),
                new DekBinding(54, 1, 2, 1, SuiteId.AES_256_GCM_SIV));

        for (DekBinding other : others) {
            assertThatThrownBy(() -> kek.unwrap(wrapped, other))
                    .as("unwrap as %s", other)
                    .isInstanceOf(GeneralSecurityException.class)
                    .hasMessageContaining(NOT_UNWRAPPED)
                    .hasMessageContaining(other.toString());
        }
    }

    @Test
    void unwrapUnderSuiteOfOtherKeySizeFails() {
        byte[] wrapped = kek.wrap(Kek.generateDek(SuiteId.AES_256_GCM, RANDOM), binding);
        DekBinding blowfish = new DekBinding(54, 1, 2, 1, SuiteId.BLOWFISH_CBC);

        assertThatThrownBy(() -> kek.unwrap(wrapped, blowfish))
                .isInstanceOf(GeneralSecurityException.class)
                .hasMessageContaining(NOT_UNWRAPPED)
                .hasMessageContaining("69 bytes where the suite's wrapped DEKs are 53");
    }

    @Test
    void unwrapOfUnknownKekNamesFingerprints() {
        Kek other = Kek.of(randomKey(), List.of());
        byte[] wrapped = other.wrap(Kek.generateDek(SuiteId.AES_256_GCM, RANDOM), binding);

        assertThatThrownBy(() -> kek.unwrap(wrapped, binding))
                .isInstanceOf(GeneralSecurityException.class)
                .hasMessageContaining("wrapped under KEK " + other.currentFingerprint()
                        + ", which this process does not have (it has: " + String.join(", ", kek.fingerprints()) + ")")
                .hasMessageNotContaining(NOT_UNWRAPPED);
    }

    @Test
    void unwrapOfTooShortBytesFails() {
        assertThatThrownBy(() -> kek.unwrap(new byte[] {1, 2, 3}, binding))
                .isInstanceOf(GeneralSecurityException.class)
                .hasMessageContaining("3 bytes, too short");
    }

    @Test
    void messagesAndToStringContainNoKeyBytes() {
        Kek other = Kek.of(randomKey(), List.of());
        byte[] wrapped = other.wrap(Kek.generateDek(SuiteId.AES_256_GCM, RANDOM), binding);
        byte[] changed = kek.wrap(Kek.generateDek(SuiteId.AES_256_GCM, RANDOM), binding);
        changed[30] ^= 1;
        String currentHex = HexFormat.of().formatHex(currentKey);
        String currentBase64 = Base64.getEncoder().encodeToString(currentKey);

        Throwable unknown = catchThrowableOfType(GeneralSecurityException.class, () -> kek.unwrap(wrapped, binding));
        Throwable tampered = catchThrowableOfType(GeneralSecurityException.class, () -> kek.unwrap(changed, binding));

        for (String text : List.of(unknown.getMessage(), tampered.getMessage(), kek.toString())) {
            assertThat(text).doesNotContain(currentHex).doesNotContain(currentBase64);
        }
        assertThat(kek.toString()).isEqualTo("KEK " + kek.currentFingerprint() + " (1 older KEK for unwrapping)");
    }

    @Test
    void wrapRejectsDekOfWrongSize() {
        assertThatThrownBy(() -> kek.wrap(new byte[16], binding))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("Invalid DEK size 16 bytes")
                .hasMessageContaining("32 bytes");
    }

    @Test
    void kekOfWrongSizeIsRejected() {
        assertThatThrownBy(() -> Kek.of(new byte[16], List.of()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("Invalid KEK size 16 bytes");
    }

    @Test
    void sameKekTwiceIsRejected() {
        assertThatThrownBy(() -> Kek.of(currentKey, List.of(olderKey, currentKey.clone())))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("is given twice");
    }

    @Test
    void callerMayClearKeyArraysAfterCreation() throws GeneralSecurityException {
        byte[] key = randomKey();
        Kek copied = Kek.of(key, List.of());
        byte[] dek = Kek.generateDek(SuiteId.AES_256_GCM, RANDOM);
        byte[] wrapped = copied.wrap(dek, binding);

        Arrays.fill(key, (byte) 0);

        assertThat(copied.unwrap(wrapped, binding)).isEqualTo(dek);
    }

    @Test
    void concurrentWrapsAndUnwrapsSucceed() throws Exception {
        ExecutorService threads = Executors.newFixedThreadPool(8);
        try {
            List<Future<Boolean>> results = new ArrayList<>();
            for (int task = 0; task < 64; task++) {
                results.add(threads.submit(() -> {
                    for (int round = 0; round < 100; round++) {
                        byte[] dek = Kek.generateDek(SuiteId.AES_256_GCM, RANDOM);
                        if (!Arrays.equals(kek.unwrap(kek.wrap(dek, binding), binding), dek)) {
                            return false;
                        }
                    }
                    return true;
                }));
            }

            for (Future<Boolean> result : results) {
                assertThat(result.get(60, TimeUnit.SECONDS)).isTrue();
            }
        } finally {
            threads.shutdownNow();
        }
    }

    @Test
    void bindingForPairOrdersRequesters() {
        DekBinding forward = DekBinding.forPair(54, 2, 1, 1, SuiteId.AES_256_GCM);
        DekBinding backward = DekBinding.forPair(54, 1, 2, 1, SuiteId.AES_256_GCM);

        assertThat(forward).isEqualTo(binding);
        assertThat(backward).isEqualTo(binding);
        assertThat(binding).hasToString("subscriber 54, pair {1, 2}, version 1, suite aes-256-gcm");
    }

    @Test
    void bindingRejectsInvalidValues() {
        assertThatThrownBy(() -> new DekBinding(54, 2, 1, 1, SuiteId.AES_256_GCM))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("low 2 is above high 1");
        assertThatThrownBy(() -> new DekBinding(54, 1, 2, 0, SuiteId.AES_256_GCM))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("Invalid key version 0");
        assertThatThrownBy(() -> new DekBinding(-1, 1, 2, 1, SuiteId.AES_256_GCM))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("subscriber -1 is negative");
        assertThatThrownBy(() -> new DekBinding(54, 1, 2, 1, null))
                .isInstanceOf(NullPointerException.class);
    }

    static byte[] randomKey() {
        byte[] key = new byte[32];
        RANDOM.nextBytes(key);
        return key;
    }

    private static int indexOf(byte[] haystack, byte[] needle) {
        for (int start = 0; start + needle.length <= haystack.length; start++) {
            if (Arrays.equals(haystack, start, start + needle.length, needle, 0, needle.length)) {
                return start;
            }
        }
        return -1;
    }
}
