package dev.eaas.topics.decoy;

import java.util.Random;

/**
 * Decoys with the shape of the real data. The real data is sorted into one of three profiles, and each position
 * of the decoy gets random content of the class the real data has there.
 *
 * <ul>
 *   <li>A JSON object or array gets the same structure with other values ({@link JsonDecoys}).</li>
 *   <li>Other text, meaning valid UTF-8 without control characters other than tab, line feed and carriage return,
 *       gets random characters of the same classes ({@link TextDecoys}).</li>
 *   <li>Anything else is binary. Each byte becomes a random byte of the real byte's class: zero stays zero, a
 *       printable ASCII byte (0x20 to 0x7E) becomes one of the 95 printable bytes, and any other byte one of the
 *       160 others. Zero runs, length fields and embedded strings of a binary format keep their places. For
 *       uniform random real data, such as ciphertext, the classes have the probabilities 1/256, 95/256 and
 *       160/256 and each class is drawn uniformly, so every decoy byte is uniform: the decoy is as random as the
 *       real data.</li>
 * </ul>
 */
enum ShapeMatchedDecoys implements DecoyGenerator {
    INSTANCE;

    private static final int PRINTABLE_FIRST = 0x20;
    private static final int PRINTABLE_COUNT = 0x7F - PRINTABLE_FIRST;
    /** The bytes that are neither zero nor printable ASCII: 0x01 to 0x1F and 0x7F to 0xFF. */
    private static final int OTHER_COUNT = 256 - 1 - PRINTABLE_COUNT;

    @Override
    public byte[] decoyFor(byte[] real, Random random) {
        byte[] decoy = new byte[real.length];
        if (startsLikeJson(real) && JsonDecoys.write(real, decoy, random)) {
            return decoy;
        }
        if (TextDecoys.isText(real)) {
            TextDecoys.replace(real, 0, real.length, decoy, random);
            return decoy;
        }
        // A SecureRandom call costs far more than the byte it returns, so the bytes are drawn in bulk.
        RandomBytes bytes = new RandomBytes(random, Math.min(Math.max(2 * real.length, 64), 8192));
        for (int i = 0; i < real.length; i++) {
            decoy[i] = sameClassByte(real[i], bytes);
        }
        return decoy;
    }

    private static boolean startsLikeJson(byte[] real) {
        for (byte value : real) {
            if (value != ' ' && value != '\t' && value != '\n' && value != '\r') {
                return value == '{' || value == '[';
            }
        }
        return false;
    }

    private static byte sameClassByte(byte real, RandomBytes random) {
        int value = real & 0xFF;
        if (value == 0) {
            return 0;
        }
        if (value >= PRINTABLE_FIRST && value < PRINTABLE_FIRST + PRINTABLE_COUNT) {
            return (byte) (PRINTABLE_FIRST + random.nextBelow(PRINTABLE_COUNT));
        }
        int other = 1 + random.nextBelow(OTHER_COUNT);
        return (byte) (other < PRINTABLE_FIRST ? other : other + PRINTABLE_COUNT);
    }

    @Override
    public String toString() {
        return SHAPE_MATCHED;
    }
}
