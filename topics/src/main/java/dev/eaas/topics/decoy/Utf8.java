package dev.eaas.topics.decoy;

/** Decoding and encoding of single UTF-8 sequences at a byte position, as RFC 3629 defines them. */
final class Utf8 {

    private Utf8() {
    }

    /**
     * Returns the length in bytes of the UTF-8 sequence that starts at {@code data[position]} and ends before
     * {@code end}, or -1 if it is not a valid sequence: a stray continuation byte, a truncated sequence, an
     * overlong encoding, a surrogate or a code point above U+10FFFF.
     */
    static int sequenceLength(byte[] data, int position, int end) {
        int lead = data[position] & 0xFF;
        int length;
        int minimum;
        if (lead < 0x80) {
            return 1;
        } else if (lead >= 0xC2 && lead <= 0xDF) {
            length = 2;
            minimum = 0x80;
        } else if (lead >= 0xE0 && lead <= 0xEF) {
            length = 3;
            minimum = 0x800;
        } else if (lead >= 0xF0 && lead <= 0xF4) {
            length = 4;
            minimum = 0x10000;
        } else {
            return -1;
        }
        if (position + length > end) {
            return -1;
        }
        for (int i = 1; i < length; i++) {
            if ((data[position + i] & 0xC0) != 0x80) {
                return -1;
            }
        }
        int codePoint = decode(data, position, length);
        if (codePoint < minimum || codePoint > Character.MAX_CODE_POINT || isSurrogate(codePoint)) {
            return -1;
        }
        return length;
    }

    /** Returns the code point of the valid sequence of {@code length} bytes at {@code data[position]}. */
    static int decode(byte[] data, int position, int length) {
        int lead = data[position] & 0xFF;
        if (length == 1) {
            return lead;
        }
        int codePoint = lead & (0xFF >> (length + 1));
        for (int i = 1; i < length; i++) {
            codePoint = (codePoint << 6) | (data[position + i] & 0x3F);
        }
        return codePoint;
    }

    /** Writes {@code codePoint}, whose encoded length must be {@code length}, at {@code out[position]}. */
    static void encode(int codePoint, byte[] out, int position, int length) {
        if (encodedLength(codePoint) != length) {
            throw new IllegalArgumentException("Code point U+" + Integer.toHexString(codePoint) + " does not take "
                    + length + " bytes in UTF-8");
        }
        if (length == 1) {
            out[position] = (byte) codePoint;
            return;
        }
        int remaining = codePoint;
        for (int i = length - 1; i > 0; i--) {
            out[position + i] = (byte) (0x80 | (remaining & 0x3F));
            remaining >>>= 6;
        }
        out[position] = (byte) ((0xF00 >> length) | remaining);
    }

    /** Returns the number of bytes that UTF-8 takes for {@code codePoint}. */
    static int encodedLength(int codePoint) {
        if (codePoint < 0x80) {
            return 1;
        }
        if (codePoint < 0x800) {
            return 2;
        }
        return codePoint < 0x10000 ? 3 : 4;
    }

    /** Returns the first and last code point that take {@code length} bytes in UTF-8. */
    static int[] rangeOfLength(int length) {
        return switch (length) {
            case 1 -> new int[] {0, 0x7F};
            case 2 -> new int[] {0x80, 0x7FF};
            case 3 -> new int[] {0x800, 0xFFFF};
            default -> new int[] {0x10000, Character.MAX_CODE_POINT};
        };
    }

    static boolean isSurrogate(int codePoint) {
        return codePoint >= Character.MIN_SURROGATE && codePoint <= Character.MAX_SURROGATE;
    }
}
