package dev.eaas.client;

import dev.eaas.topics.RequestLimits;
import dev.eaas.topics.decoy.DecoyGenerator;
import dev.eaas.topics.avro.RequestType;
import dev.eaas.topics.frame.Frame;
import dev.eaas.topics.frame.FieldOverflowException;
import dev.eaas.topics.frame.FrameCodec;
import dev.eaas.topics.frame.FrameLayout;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;

/** Encodes the request frames of one attempt. */
final class RequestFrames {

    private RequestFrames() {
    }

    /**
     * Returns the encoded frames of one attempt. An encryption hides its plaintext among decoys from
     * {@code decoys}. A rewrap is sent like an encryption, but its decoys always look like ciphertexts: the
     * envelope's cleartext header, then uniform random bytes, since its real data is an envelope and not data of
     * the shape {@code decoys} imitates.
     *
     * @throws FieldOverflowException if requester, sequence or pair do not fit the layout
     * @throws IllegalStateException if the decoy generator returns a decoy of another length than the data
     */
    static List<byte[]> forAttempt(FrameCodec codec, Registration registration, Attempt attempt, DecoyGenerator decoys,
                                   Random random) {
        PendingRequest request = attempt.request();
        return switch (request.operation) {
            case ENCRYPT -> encryptFanOut(codec, registration, request.requester, attempt.sequence(), request.pair,
                    request.data, decoys, random);
            case REWRAP -> encryptFanOut(codec, registration, request.requester, attempt.sequence(), request.pair,
                    request.data, DecoyGenerator.ciphertextEnvelopes(), random);
            case DECRYPT -> List.of(decrypt(codec, registration, request.requester, attempt.sequence(), request.pair,
                    request.data));
        };
    }

    /**
     * Returns the 2^d encoded frames of an encryption request, in shuffled order. The frames share
     * subscriber, requester, sequence and pair, and their d-bit token fields take every value once. The
     * frame with the subscriber's token carries {@code plaintext}; every other frame carries a decoy of
     * the same length from {@code decoys}. Decoys and order both come from {@code random}.
     *
     * @throws FieldOverflowException if requester, sequence or pair do not fit the layout
     * @throws IllegalStateException if the decoy generator returns a decoy of another length than the plaintext
     */
    static List<byte[]> encryptFanOut(FrameCodec codec, Registration registration, int requester, int sequence,
                                      int pair, byte[] plaintext, DecoyGenerator decoys, Random random) {
        int tokenBits = registration.deceptionFactorBits();
        int frameCount = registration.framesPerRequest();
        List<byte[]> frames = new ArrayList<>(frameCount);
        for (int token = 0; token < frameCount; token++) {
            byte[] data = token == registration.token() ? plaintext : decoy(decoys, plaintext, random);
            frames.add(codec.encode(new Frame(registration.subscriber(), requester, sequence, RequestType.ENCRYPT,
                    pair, token, tokenBits, data)));
        }
        Collections.shuffle(frames, random);
        return frames;
    }

    /** Returns the single encoded frame of a decryption request; it has no token. */
    static byte[] decrypt(FrameCodec codec, Registration registration, int requester, int sequence, int pair,
                          byte[] ciphertext) {
        return codec.encode(new Frame(registration.subscriber(), requester, sequence, RequestType.DECRYPT, pair,
                0, 0, ciphertext));
    }

    /**
     * Checks that a requester or pair id fits the layout's requester width, so a call fails before it takes
     * a sequence number.
     *
     * @throws FieldOverflowException if the value is negative or too wide
     */
    static void requireRequesterWidth(FrameLayout layout, String field, int value) {
        if (value < 0 || value > layout.maxRequester()) {
            throw new FieldOverflowException(field, value, layout.requesterBits());
        }
    }

    /**
     * Checks that a request's data fits {@link RequestLimits#MAX_DATA_BYTES}, so a call fails before any frame is
     * sent rather than when the broker or a stream task rejects a record that grew too large on the way.
     *
     * @throws IllegalArgumentException if the data is larger
     */
    static void requireDataSize(byte[] data) {
        if (data.length > RequestLimits.MAX_DATA_BYTES) {
            throw new IllegalArgumentException("Invalid request data of " + data.length + " bytes; the maximum is "
                    + RequestLimits.MAX_DATA_BYTES + " bytes, because each frame and the records derived from it must"
                    + " fit Kafka's default record limit of " + RequestLimits.MAX_RECORD_BYTES + " bytes"
                    + " (max.request.size). Split the data into smaller requests");
        }
    }

    private static byte[] decoy(DecoyGenerator decoys, byte[] real, Random random) {
        byte[] decoy = decoys.decoyFor(real, random);
        if (decoy == null || decoy.length != real.length) {
            throw new IllegalStateException("Decoy generator '" + decoys + "' returned "
                    + (decoy == null ? "null" : decoy.length + " bytes") + " for data of " + real.length
                    + " bytes; a decoy must be exactly as long as the real data");
        }
        if (decoy == real) {
            throw new IllegalStateException("Decoy generator '" + decoys + "' returned the real data itself;"
                    + " a decoy must be a new array that does not copy the real data");
        }
        return decoy;
    }
}
