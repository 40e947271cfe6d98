package dev.eaas.topics.decoy;

import java.util.Random;

/**
 * The rule for a JSON object or array (RFC 8259): a scanner that validates the document byte by byte and writes
 * the decoy at the same byte positions. White space, brackets, colons, commas, the quotes and bytes of member
 * names, and the literals {@code true}, {@code false} and {@code null} are kept. String values get the text rule
 * of {@link TextDecoys} character by character. Numbers keep their sign, decimal point, exponent marker and
 * exponent sign at the same positions and get random digits, with a non-zero first digit wherever the real
 * number has one.
 *
 * <p>The literals stay because their length already distinguishes {@code false} from the other two, and turning
 * {@code true} into {@code null} would change the document's value types, which a schema check would notice.
 * Member names stay because they are the document's schema, which every document of one kind shares.
 *
 * <p>A hand-written scanner rather than a JSON library keeps every byte at its position, escapes and
 * white space included, which a parse and re-serialization would not.
 */
final class JsonDecoys {

    /** Deepest nesting of objects and arrays the scanner follows; a deeper document is handled as text. */
    static final int MAX_DEPTH = 512;

    private final byte[] real;
    private final byte[] decoy;
    private final Random random;
    private int position;
    private int depth;

    private JsonDecoys(byte[] real, byte[] decoy, Random random) {
        this.real = real;
        this.decoy = decoy;
        this.random = random;
    }

    /**
     * Writes the decoy of {@code real} into {@code decoy}, which must be as long, if {@code real} is a JSON
     * object or array with optional white space around it.
     *
     * @return whether {@code real} was such a document; if not, {@code decoy} contains an incomplete decoy
     */
    static boolean write(byte[] real, byte[] decoy, Random random) {
        JsonDecoys scanner = new JsonDecoys(real, decoy, random);
        try {
            scanner.document();
            return true;
        } catch (NotJsonException notJson) {
            return false;
        }
    }

    private void document() {
        whitespace();
        if (position >= real.length || (real[position] != '{' && real[position] != '[')) {
            throw NotJsonException.INSTANCE;
        }
        value();
        whitespace();
        if (position != real.length) {
            throw NotJsonException.INSTANCE;
        }
    }

    private void value() {
        switch (peek()) {
            case '{' -> container('}', true);
            case '[' -> container(']', false);
            case '"' -> string(false);
            case 't' -> literal("true");
            case 'f' -> literal("false");
            case 'n' -> literal("null");
            default -> number();
        }
    }

    /** Scans an object ({@code members} true) or an array up to its closing byte. */
    private void container(char close, boolean members) {
        if (++depth > MAX_DEPTH) {
            throw NotJsonException.INSTANCE;
        }
        keep();
        whitespace();
        if (peek() == close) {
            keep();
            depth--;
            return;
        }
        while (true) {
            if (members) {
                expect('"');
                string(true);
                whitespace();
                expect(':');
                keep();
                whitespace();
            }
            value();
            whitespace();
            byte separator = peek();
            keep();
            if (separator == close) {
                depth--;
                return;
            }
            if (separator != ',') {
                throw NotJsonException.INSTANCE;
            }
            whitespace();
        }
    }

    /** Scans a string from its opening quote; a member name ({@code name} true) is kept as it is. */
    private void string(boolean name) {
        keep();
        while (true) {
            byte current = peek();
            if (current == '"') {
                keep();
                return;
            }
            if (current == '\\') {
                escape(name);
            } else if (current >= 0 && current < 0x20) {
                throw NotJsonException.INSTANCE;
            } else {
                character(name);
            }
        }
    }

    private void character(boolean name) {
        int length = Utf8.sequenceLength(real, position, real.length);
        if (length < 0) {
            throw NotJsonException.INSTANCE;
        }
        if (name) {
            System.arraycopy(real, position, decoy, position, length);
        } else {
            int codePoint = Utf8.decode(real, position, length);
            boolean leadsDigitRun = isDigit(codePoint) && !isDigit(real[position - 1])
                    && position + 1 < real.length && isDigit(real[position + 1]);
            Utf8.encode(TextDecoys.replaceCodePoint(codePoint, leadsDigitRun, random), decoy, position, length);
        }
        position += length;
    }

    /**
     * Scans an escape. A short escape such as {@code \n} is kept like white space. A {@code \}{@code uXXXX}
     * escape in a string value becomes the escape of a character that the text rule picks, with the same case of
     * hex letters; a surrogate becomes a random surrogate of the same half, so a pair stays a pair.
     */
    private void escape(boolean name) {
        if (position + 1 >= real.length) {
            throw NotJsonException.INSTANCE;
        }
        byte kind = real[position + 1];
        if (kind != 'u') {
            if ("\"\\/bfnrt".indexOf(kind) < 0) {
                throw NotJsonException.INSTANCE;
            }
            keep();
            keep();
            return;
        }
        int digits = position + 2;
        if (digits + 4 > real.length) {
            throw NotJsonException.INSTANCE;
        }
        int codeUnit = 0;
        boolean upperCase = false;
        for (int i = digits; i < digits + 4; i++) {
            int digit = Character.digit(real[i], 16);
            if (digit < 0) {
                throw NotJsonException.INSTANCE;
            }
            upperCase |= real[i] >= 'A' && real[i] <= 'F';
            codeUnit = codeUnit * 16 + digit;
        }

        keep();
        keep();
        if (name) {
            System.arraycopy(real, digits, decoy, digits, 4);
        } else {
            writeHex(replaceCodeUnit(codeUnit), upperCase, digits);
        }
        position = digits + 4;
    }

    private int replaceCodeUnit(int codeUnit) {
        if (codeUnit >= Character.MIN_HIGH_SURROGATE && codeUnit <= Character.MAX_HIGH_SURROGATE) {
            return Character.MIN_HIGH_SURROGATE + random.nextInt(0x400);
        }
        if (codeUnit >= Character.MIN_LOW_SURROGATE && codeUnit <= Character.MAX_LOW_SURROGATE) {
            return Character.MIN_LOW_SURROGATE + random.nextInt(0x400);
        }
        return TextDecoys.replaceCodePoint(codeUnit, false, random);
    }

    private void writeHex(int codeUnit, boolean upperCase, int at) {
        String hex = String.format(upperCase ? "%04X" : "%04x", codeUnit);
        for (int i = 0; i < 4; i++) {
            decoy[at + i] = (byte) hex.charAt(i);
        }
    }

    /** Scans a number: -?(0|[1-9][0-9]*)(.[0-9]+)?([eE][+-]?[0-9]+)?. */
    private void number() {
        if (peek() == '-') {
            keep();
        }
        if (!isDigit(peek())) {
            throw NotJsonException.INSTANCE;
        }
        if (peek() == '0') {
            keep();
        } else {
            digits(true);
        }
        if (position < real.length && real[position] == '.') {
            keep();
            digits(false);
        }
        if (position < real.length && (real[position] == 'e' || real[position] == 'E')) {
            keep();
            if (peek() == '+' || peek() == '-') {
                keep();
            }
            digits(true);
        }
    }

    /**
     * Replaces a run of at least one digit with random digits. With {@code sameZeroFirst}, the first digit is
     * zero where the real one is and 1 to 9 elsewhere, so a number gets no leading zero that the real lacks.
     */
    private void digits(boolean sameZeroFirst) {
        if (!isDigit(peek())) {
            throw NotJsonException.INSTANCE;
        }
        int first = position;
        while (position < real.length && isDigit(real[position])) {
            if (position == first && sameZeroFirst) {
                decoy[position] = real[position] == '0' ? (byte) '0' : (byte) ('1' + random.nextInt(9));
            } else {
                decoy[position] = (byte) ('0' + random.nextInt(10));
            }
            position++;
        }
    }

    private void literal(String literal) {
        for (int i = 0; i < literal.length(); i++) {
            expect(literal.charAt(i));
            keep();
        }
    }

    private void whitespace() {
        while (position < real.length && isWhitespace(real[position])) {
            keep();
        }
    }

    /** Copies the structural byte at the current position and moves past it. */
    private void keep() {
        decoy[position] = real[position];
        position++;
    }

    private byte peek() {
        if (position >= real.length) {
            throw NotJsonException.INSTANCE;
        }
        return real[position];
    }

    private void expect(char expected) {
        if (peek() != expected) {
            throw NotJsonException.INSTANCE;
        }
    }

    private static boolean isWhitespace(byte value) {
        return value == ' ' || value == '\t' || value == '\n' || value == '\r';
    }

    private static boolean isDigit(int value) {
        return value >= '0' && value <= '9';
    }

    /** Signals that the payload is not a JSON document; it carries no stack trace, since it is expected. */
    private static final class NotJsonException extends RuntimeException {
        private static final long serialVersionUID = 1L;
        static final NotJsonException INSTANCE = new NotJsonException();

        private NotJsonException() {
            super("not a JSON object or array", null, false, false);
        }
    }
}
