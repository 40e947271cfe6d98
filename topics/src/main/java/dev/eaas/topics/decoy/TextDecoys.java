package dev.eaas.topics.decoy;

import java.lang.Character.UnicodeBlock;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The class-preserving rule for UTF-8 text: each character becomes a random character of the same class and of
 * the same encoded length, so a decoy of valid UTF-8 is valid UTF-8 of the same byte length.
 *
 * <ul>
 *   <li>ASCII letters become letters of the same case, drawn with the letter frequencies of English text, so that
 *       letter counts and byte entropy of a decoy resemble those of English prose.</li>
 *   <li>ASCII digits become digits. The first digit of a run of two or more keeps being zero or non-zero, so a
 *       number gets no leading zero where the real one has none.</li>
 *   <li>Other ASCII characters (white space, punctuation, control characters) are kept as the text's structure.</li>
 *   <li>Any other character becomes a random one of the same Unicode block and general category (a Cyrillic
 *       lower-case letter stays one, an emoji stays an emoji), which has the same encoded length.</li>
 * </ul>
 */
final class TextDecoys {

    /**
     * Approximate relative frequencies of the letters a to z in English prose, in units of 0.01 %. They are an
     * estimate: published tables differ in the second digit, depending on the text they count.
     */
    private static final int[] ENGLISH_LETTER_WEIGHTS = {
        817, 149, 278, 425, 1270, 223, 202, 609, 697, 15, 77, 403, 241,
        675, 751, 193, 10, 599, 633, 906, 276, 98, 236, 15, 197, 7,
    };

    private static final int[] CUMULATIVE_LETTER_WEIGHTS = cumulative(ENGLISH_LETTER_WEIGHTS);

    /** Random draws within a Unicode block before the rule gives up matching the general category. */
    private static final int MAX_CATEGORY_DRAWS = 64;

    /** First and last code point of each Unicode block met so far, found by walking the block's edges once. */
    private static final Map<UnicodeBlock, int[]> BLOCK_RANGES = new ConcurrentHashMap<>();

    private TextDecoys() {
    }

    /**
     * Returns whether {@code data} is text for this rule: valid UTF-8 without control characters other than tab,
     * line feed and carriage return.
     */
    static boolean isText(byte[] data) {
        int position = 0;
        while (position < data.length) {
            int length = Utf8.sequenceLength(data, position, data.length);
            if (length < 0) {
                return false;
            }
            if (length == 1 && isControl(data[position])) {
                return false;
            }
            position += length;
        }
        return true;
    }

    /**
     * Writes the decoy of the UTF-8 text {@code real[from, to)} into the same positions of {@code decoy}.
     *
     * @throws IllegalArgumentException if the range is not valid UTF-8
     */
    static void replace(byte[] real, int from, int to, byte[] decoy, Random random) {
        int position = from;
        while (position < to) {
            int length = Utf8.sequenceLength(real, position, to);
            if (length < 0) {
                throw new IllegalArgumentException("Invalid UTF-8 at byte " + position);
            }
            int codePoint = Utf8.decode(real, position, length);
            boolean leadsDigitRun = isAsciiDigit(codePoint)
                    && (position == from || !isAsciiDigit(real[position - 1]))
                    && position + 1 < to && isAsciiDigit(real[position + 1]);
            Utf8.encode(replaceCodePoint(codePoint, leadsDigitRun, random), decoy, position, length);
            position += length;
        }
    }

    /**
     * Returns a random code point of the same class and UTF-8 length as {@code codePoint}.
     *
     * @param leadsDigitRun whether the code point is the first digit of a run of two or more digits, whose
     *     zero or non-zero value is kept
     */
    static int replaceCodePoint(int codePoint, boolean leadsDigitRun, Random random) {
        if (codePoint >= 'a' && codePoint <= 'z') {
            return 'a' + englishLetterIndex(random);
        }
        if (codePoint >= 'A' && codePoint <= 'Z') {
            return 'A' + englishLetterIndex(random);
        }
        if (isAsciiDigit(codePoint)) {
            if (!leadsDigitRun) {
                return '0' + random.nextInt(10);
            }
            return codePoint == '0' ? '0' : '1' + random.nextInt(9);
        }
        if (codePoint < 0x80) {
            return codePoint;
        }
        return sameBlockCodePoint(codePoint, random);
    }

    private static int englishLetterIndex(Random random) {
        int draw = random.nextInt(CUMULATIVE_LETTER_WEIGHTS[CUMULATIVE_LETTER_WEIGHTS.length - 1]);
        int index = 0;
        while (CUMULATIVE_LETTER_WEIGHTS[index] <= draw) {
            index++;
        }
        return index;
    }

    /**
     * Returns a random code point of the same Unicode block, general category and UTF-8 length. When a block has
     * too few code points of that category to find one in {@link #MAX_CATEGORY_DRAWS} draws, any code point of
     * the block with that length will do.
     */
    private static int sameBlockCodePoint(int codePoint, Random random) {
        int length = Utf8.encodedLength(codePoint);
        UnicodeBlock block = UnicodeBlock.of(codePoint);
        int[] range = block == null ? Utf8.rangeOfLength(length) : BLOCK_RANGES.computeIfAbsent(block,
                key -> blockRange(key, codePoint));
        int category = Character.getType(codePoint);
        int candidate = codePoint;
        for (int draw = 0; draw < MAX_CATEGORY_DRAWS; draw++) {
            candidate = drawEncodable(range, length, random);
            if (Character.getType(candidate) == category) {
                return candidate;
            }
        }
        return candidate;
    }

    /** Draws code points of {@code range} until one is not a surrogate and has the given UTF-8 length. */
    private static int drawEncodable(int[] range, int length, Random random) {
        while (true) {
            int candidate = range[0] + random.nextInt(range[1] - range[0] + 1);
            if (!Utf8.isSurrogate(candidate) && Utf8.encodedLength(candidate) == length) {
                return candidate;
            }
        }
    }

    private static int[] blockRange(UnicodeBlock block, int member) {
        int first = member;
        while (first > 0 && UnicodeBlock.of(first - 1) == block) {
            first--;
        }
        int last = member;
        while (last < Character.MAX_CODE_POINT && UnicodeBlock.of(last + 1) == block) {
            last++;
        }
        return new int[] {first, last};
    }

    private static boolean isControl(byte value) {
        return (value >= 0 && value < 0x20 && value != '\t' && value != '\n' && value != '\r') || value == 0x7F;
    }

    private static boolean isAsciiDigit(int value) {
        return value >= '0' && value <= '9';
    }

    private static int[] cumulative(int[] weights) {
        int[] sums = new int[weights.length];
        int sum = 0;
        for (int i = 0; i < weights.length; i++) {
            sum += weights[i];
            sums[i] = sum;
        }
        return sums;
    }
}
