package dev.eaas.loadgen.attack;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * Features of one payload that an observer computes in one pass over its bytes, plus a UTF-8 decode and a JSON
 * parse. Shares are fractions of the payload's bytes, from 0 to 1.
 *
 * @param entropyBitsPerByte Shannon entropy of the byte histogram, from 0 to 8
 * @param maxEntropyBitsPerByte highest entropy a payload of this length can have: log2 of the smaller of its
 *     length and 256, so that a short payload is not judged against 8 bits
 * @param printableShare share of printable ASCII bytes (0x20 to 0x7E) and of tab, line feed and carriage return
 * @param letterShare share of ASCII letters
 * @param digitShare share of ASCII digits
 * @param controlShare share of other bytes below 0x20, and of 0x7F
 * @param highShare share of bytes from 0x80 to 0xFF
 * @param validUtf8 whether the payload is valid UTF-8
 * @param json whether the payload parses as one JSON value
 */
public record PayloadFeatures(double entropyBitsPerByte, double maxEntropyBitsPerByte, double printableShare,
                              double letterShare, double digitShare, double controlShare, double highShare,
                              boolean validUtf8, boolean json) {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** Computes the features of {@code payload}. */
    public static PayloadFeatures of(byte[] payload) {
        int[] counts = new int[256];
        int printable = 0;
        int letters = 0;
        int digits = 0;
        int control = 0;
        int high = 0;
        for (byte value : payload) {
            int unsigned = value & 0xFF;
            counts[unsigned]++;
            if (unsigned >= 0x80) {
                high++;
            } else if ((unsigned >= 0x20 && unsigned < 0x7F) || unsigned == '\t' || unsigned == '\n' || unsigned == '\r') {
                printable++;
            } else {
                control++;
            }
            if ((unsigned | 0x20) >= 'a' && (unsigned | 0x20) <= 'z') {
                letters++;
            } else if (unsigned >= '0' && unsigned <= '9') {
                digits++;
            }
        }
        double length = Math.max(payload.length, 1);
        return new PayloadFeatures(entropy(counts, payload.length), log2(Math.min(Math.max(payload.length, 1), 256)),
                printable / length, letters / length, digits / length, control / length, high / length,
                isValidUtf8(payload), isJson(payload));
    }

    /** Returns the entropy as a fraction of the highest entropy a payload of this length can have. */
    public double relativeEntropy() {
        return maxEntropyBitsPerByte == 0 ? 0 : entropyBitsPerByte / maxEntropyBitsPerByte;
    }

    private static double entropy(int[] counts, int total) {
        double entropy = 0;
        for (int count : counts) {
            if (count > 0) {
                double probability = (double) count / total;
                entropy -= probability * log2(probability);
            }
        }
        return entropy;
    }

    private static double log2(double value) {
        return Math.log(value) / Math.log(2);
    }

    private static boolean isValidUtf8(byte[] payload) {
        try {
            StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(payload));
            return true;
        } catch (CharacterCodingException invalid) {
            return false;
        }
    }

    /** Returns whether the payload is one JSON value, with nothing but white space after it. */
    private static boolean isJson(byte[] payload) {
        try (JsonParser parser = JSON.createParser(payload)) {
            if (parser.nextToken() == null) {
                return false;
            }
            parser.skipChildren();
            return parser.nextToken() == null;
        } catch (IOException invalid) {
            return false;
        }
    }
}
