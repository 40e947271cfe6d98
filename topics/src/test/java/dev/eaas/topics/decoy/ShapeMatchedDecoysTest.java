package dev.eaas.topics.decoy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ShapeMatchedDecoysTest {

    private static final DecoyGenerator SHAPE_MATCHED = DecoyGenerator.shapeMatched();
    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    private static final String PASSWORD_JSON =
            "{\"service\":\"orders\",\"user\":\"svc_orders\",\"password\":\"Xq7!mT2pLw9#\"}";

    @Test
    void emptyPayloadGivesNewEmptyArray() {
        byte[] real = new byte[0];

        byte[] decoy = SHAPE_MATCHED.decoyFor(real, new Random(1));

        assertThat(decoy).isEmpty();
        assertThat(decoy).isNotSameAs(real);
    }

    @Test
    void oneBytePayloadKeepsItsClass() {
        Random random = new Random(2);
        for (int trial = 0; trial < 200; trial++) {
            assertThat(decode(SHAPE_MATCHED.decoyFor(bytes("q"), random))).matches("[a-z]");
            assertThat(decode(SHAPE_MATCHED.decoyFor(bytes("Q"), random))).matches("[A-Z]");
            assertThat(decode(SHAPE_MATCHED.decoyFor(bytes("7"), random))).matches("[0-9]");
            assertThat(SHAPE_MATCHED.decoyFor(bytes("{"), random)).containsExactly('{');
            assertThat(SHAPE_MATCHED.decoyFor(new byte[] {0}, random)).containsExactly(0);
            int high = SHAPE_MATCHED.decoyFor(new byte[] {(byte) 0xFF}, random)[0] & 0xFF;
            assertThat(high).as("decoy of a non-printable byte").matches(value -> value < 0x20 || value >= 0x7F);
            assertThat(high).isNotZero();
        }
    }

    @Test
    void textKeepsCharacterClasses() {
        String real = "Deploy orders-v2 at 09:30, then call Bob on +41 79 555 01 23.\n\tDone!";

        String decoy = decode(SHAPE_MATCHED.decoyFor(bytes(real), new Random(3)));

        assertThat(decoy).hasSameSizeAs(real);
        assertThat(decoy).isNotEqualTo(real);
        for (int i = 0; i < real.length(); i++) {
            assertThat(characterClass(decoy.charAt(i))).as("class at %d of %s", i, decoy)
                    .isEqualTo(characterClass(real.charAt(i)));
            if (!Character.isLetterOrDigit(real.charAt(i))) {
                assertThat(decoy.charAt(i)).as("structure at %d", i).isEqualTo(real.charAt(i));
            }
        }
    }

    @Test
    void digitRunKeepsNoLeadingZero() {
        Random random = new Random(4);
        for (int trial = 0; trial < 500; trial++) {
            String decoy = decode(SHAPE_MATCHED.decoyFor(bytes("id 4711 and 0815"), random));

            assertThat(decoy.charAt(3)).as(decoy).isBetween('1', '9');
            assertThat(decoy.charAt(12)).as(decoy).isEqualTo('0');
        }
    }

    @Test
    void multiByteUtf8KeepsLengthsAndCategories() {
        String real = "Grüße, Жанна! 東京で会いましょう 😀👍 naïve café";
        byte[] realBytes = bytes(real);

        byte[] decoyBytes = SHAPE_MATCHED.decoyFor(realBytes, new Random(5));

        assertThat(decoyBytes).hasSameSizeAs(realBytes);
        String decoy = decodeStrict(decoyBytes);
        int[] realCodePoints = real.codePoints().toArray();
        int[] decoyCodePoints = decoy.codePoints().toArray();
        assertThat(decoyCodePoints).hasSameSizeAs(realCodePoints);
        for (int i = 0; i < realCodePoints.length; i++) {
            int realCodePoint = realCodePoints[i];
            int decoyCodePoint = decoyCodePoints[i];
            assertThat(Utf8.encodedLength(decoyCodePoint)).as("encoded length of code point %d", i)
                    .isEqualTo(Utf8.encodedLength(realCodePoint));
            assertThat(Character.getType(decoyCodePoint)).as("category of code point %d", i)
                    .isEqualTo(Character.getType(realCodePoint));
            assertThat(Character.UnicodeBlock.of(decoyCodePoint)).as("block of code point %d", i)
                    .isEqualTo(Character.UnicodeBlock.of(realCodePoint));
        }
        assertThat(decoy).isNotEqualTo(real);
    }

    @Test
    void jsonDecoyKeepsStructure() throws Exception {
        String real = "{\n  \"service\": \"orders\",\n  \"replicas\": 3,\n  \"ratio\": -0.125,\n"
                + "  \"tags\": [\"eu-west\", \"prod\", [1, 22, [333]]],\n  \"owner\": {\"name\": \"Zoë Ab\", \"active\": true,"
                + " \"manager\": null, \"retired\": false},\n  \"empty\": {}, \"none\": []\n}";

        byte[] decoy = SHAPE_MATCHED.decoyFor(bytes(real), new Random(6));

        assertThat(decoy).hasSameSizeAs(bytes(real));
        assertSameStructure(JSON.readTree(decoy), JSON.readTree(bytes(real)));
        assertThat(nonValueLayout(decode(decoy))).isEqualTo(nonValueLayout(real));
        assertThat(decode(decoy)).isNotEqualTo(real);
    }

    @Test
    void jsonNumbersKeepSignPointAndExponent() throws Exception {
        String real = "[-12.5e+07, 0.25, 1E-3, 0, -0, 123456789012345678901234567890, 6.02214076e23, 1e05]";
        Random random = new Random(7);
        for (int trial = 0; trial < 200; trial++) {
            String decoy = decode(SHAPE_MATCHED.decoyFor(bytes(real), random));

            assertThat(JSON.readTree(decoy).size()).isEqualTo(8);
            for (int i = 0; i < real.length(); i++) {
                char realChar = real.charAt(i);
                if (Character.isDigit(realChar)) {
                    assertThat(decoy.charAt(i)).as("digit at %d of %s", i, decoy).isBetween('0', '9');
                } else {
                    assertThat(decoy.charAt(i)).as("structure at %d of %s", i, decoy).isEqualTo(realChar);
                }
            }
            assertThat(decoy).as("integer parts without leading zero").startsWith("[-")
                    .matches("\\[-[1-9]\\d\\.\\de\\+0\\d, 0\\.\\d\\d, [1-9]E-[1-9], 0, -0, [1-9]\\d{29},"
                            + " [1-9]\\.\\d{8}e[1-9]\\d, [1-9]e0\\d]");
        }
    }

    @Test
    void jsonStringEscapesStayValid() throws Exception {
        String real = "{\"note\":\"line\\nbreak \\\"quoted\\\" \\\\ \\u00e9\\u4E2D \\ud83d\\ude00 \\/\"}";

        String decoy = decode(SHAPE_MATCHED.decoyFor(bytes(real), new Random(8)));

        JsonNode parsed = JSON.readTree(decoy);
        assertThat(parsed.get("note").isTextual()).isTrue();
        assertThat(decoy).hasSameSizeAs(real);
        assertThat(decoy).contains("\\n", "\\\"", "\\\\", "\\/");
        assertThat(decoy).matches(".*\\\\u[0-9a-f]{4}\\\\u[0-9A-F]{4} \\\\ud[89ab][0-9a-f]{2}\\\\ud[c-f][0-9a-f]{2}.*");
        String note = parsed.get("note").asText();
        assertThat(Character.isHighSurrogate(note.charAt(note.length() - 4))).isTrue();
        assertThat(Character.isLowSurrogate(note.charAt(note.length() - 3))).isTrue();
    }

    @Test
    void nestedArraysParseAgain() throws Exception {
        String real = "[[[1,2],[3,[4,\"x\"]]],{},[],[[[[[\"deep\"]]]]]]";

        byte[] decoy = SHAPE_MATCHED.decoyFor(bytes(real), new Random(9));

        assertSameStructure(JSON.readTree(decoy), JSON.readTree(real));
    }

    @ParameterizedTest
    @ValueSource(strings = {"{\"user\": \"svc_orders\",", "{not json at all}", "[1, 2", "{\"a\":01}", "{\"a\":1} x"})
    void invalidJsonHandledAsText(String real) {
        String decoy = decodeStrict(SHAPE_MATCHED.decoyFor(bytes(real), new Random(10)));

        assertThat(decoy).hasSameSizeAs(real);
        for (int i = 0; i < real.length(); i++) {
            assertThat(characterClass(decoy.charAt(i))).as("class at %d of %s", i, decoy)
                    .isEqualTo(characterClass(real.charAt(i)));
        }
    }

    @Test
    void nestingDeeperThanLimitHandledAsText() {
        String real = "[".repeat(JsonDecoys.MAX_DEPTH + 1) + "\"x\"" + "]".repeat(JsonDecoys.MAX_DEPTH + 1);

        String decoy = decodeStrict(SHAPE_MATCHED.decoyFor(bytes(real), new Random(11)));

        assertThat(decoy).hasSameSizeAs(real);
        assertThat(decoy.replaceAll("[a-z]", "x")).isEqualTo(real);
    }

    @Test
    void veryLongPayloadsKeepLengthAndShape() throws Exception {
        StringBuilder json = new StringBuilder("[");
        for (int i = 0; i < 20_000; i++) {
            json.append(i == 0 ? "" : ",").append("{\"id\":").append(i).append(",\"name\":\"item ").append(i)
                    .append("\",\"price\":").append(i * 0.25).append('}');
        }
        byte[] realJson = bytes(json.append(']').toString());
        byte[] realText = bytes("The quick brown fox jumps over the lazy dog. ".repeat(30_000));

        byte[] jsonDecoy = SHAPE_MATCHED.decoyFor(realJson, new Random(12));
        byte[] textDecoy = SHAPE_MATCHED.decoyFor(realText, new Random(13));

        assertThat(jsonDecoy).hasSameSizeAs(realJson);
        assertThat(JSON.readTree(jsonDecoy).size()).isEqualTo(20_000);
        assertThat(textDecoy).hasSameSizeAs(realText);
        String sentence = "[A-Z][a-z]{2} [a-z]{5} [a-z]{5} [a-z]{3} [a-z]{5} [a-z]{4} [a-z]{3} [a-z]{4} [a-z]{3}\\. ";
        assertThat(decodeStrict(textDecoy).replaceAll(sentence, "")).isEmpty();
    }

    @Test
    void binaryKeepsByteClassPerPosition() {
        byte[] real = new byte[4096];
        Random source = new Random(14);
        source.nextBytes(real);
        for (int i = 0; i < real.length; i += 7) {
            real[i] = 0;
        }

        byte[] decoy = SHAPE_MATCHED.decoyFor(real, new Random(15));

        assertThat(decoy).hasSameSizeAs(real);
        for (int i = 0; i < real.length; i++) {
            assertThat(byteClass(decoy[i])).as("class of byte %d", i).isEqualTo(byteClass(real[i]));
        }
    }

    @Test
    void uniformRandomRealGivesUniformDecoy() {
        byte[] real = new byte[256 * 400];
        new Random(16).nextBytes(real);

        byte[] decoy = SHAPE_MATCHED.decoyFor(real, new Random(17));

        int[] counts = new int[256];
        for (byte value : decoy) {
            counts[value & 0xFF]++;
        }
        double expected = decoy.length / 256.0;
        double chiSquared = 0;
        for (int count : counts) {
            chiSquared += (count - expected) * (count - expected) / expected;
        }
        // 255 degrees of freedom: the 99.9 % quantile is about 330, and a decoy skewed towards one class is far
        // above it.
        assertThat(chiSquared).isLessThan(330);
    }

    @ParameterizedTest
    @ValueSource(strings = {PASSWORD_JSON, "Meet me at the north gate at nine, and bring the papers.", "pin 4821"})
    void decoysDifferFromRealAndEachOther(String payload) {
        byte[] real = bytes(payload);
        Random random = new Random(18);
        Set<String> decoys = new HashSet<>();
        for (int i = 0; i < 7; i++) {
            byte[] decoy = SHAPE_MATCHED.decoyFor(real, random);
            assertThat(decoy).isNotSameAs(real);
            decoys.add(decode(decoy));
        }

        assertThat(decoys).doesNotContain(payload);
        assertThat(decoys).as("distinct decoys").hasSize(7);
    }

    @Test
    void passwordJsonDecoyHidesValues() throws Exception {
        byte[] real = bytes(PASSWORD_JSON);

        byte[] decoy = SHAPE_MATCHED.decoyFor(real, new Random(19));

        JsonNode parsed = JSON.readTree(decoy);
        assertThat(parsed.get("password").asText()).hasSize(12).isNotEqualTo("Xq7!mT2pLw9#")
                .matches("[A-Z][a-z][0-9]![a-z][A-Z][0-9][a-z][A-Z][a-z][0-9]#");
        assertThat(parsed.get("user").asText()).matches("[a-z]{3}_[a-z]{6}");
    }

    @Test
    void realDataStaysUnchanged() {
        byte[] real = bytes(PASSWORD_JSON);
        byte[] copy = real.clone();

        SHAPE_MATCHED.decoyFor(real, new Random(20));

        assertThat(real).isEqualTo(copy);
    }

    @Test
    void sameSeedGivesSameDecoy() {
        byte[] real = bytes(PASSWORD_JSON + " Grüße 😀");

        assertThat(SHAPE_MATCHED.decoyFor(real, new Random(21))).isEqualTo(SHAPE_MATCHED.decoyFor(real, new Random(21)));
        assertThat(SHAPE_MATCHED.decoyFor(real, new Random(21))).isNotEqualTo(SHAPE_MATCHED.decoyFor(real, new Random(22)));
    }

    @Test
    void ofNameReturnsEachGenerator() {
        assertThat(DecoyGenerator.ofName("shape-matched")).isSameAs(DecoyGenerator.shapeMatched());
        assertThat(DecoyGenerator.ofName(" Uniform-Random ")).isSameAs(DecoyGenerator.uniformRandom());
        assertThat(DecoyGenerator.names()).containsExactly("shape-matched", "uniform-random");
        assertThat(DecoyGenerator.shapeMatched()).hasToString("shape-matched");
    }

    @Test
    void ofNameRejectsUnknownName() {
        assertThatThrownBy(() -> DecoyGenerator.ofName("words"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Unknown decoy generator 'words'; expected one of [shape-matched, uniform-random]");
    }

    private static void assertSameStructure(JsonNode decoy, JsonNode real) throws JsonProcessingException {
        assertThat(decoy.getNodeType()).isEqualTo(real.getNodeType());
        if (real.isTextual()) {
            assertThat(bytes(decoy.asText())).as("UTF-8 length of %s", decoy).hasSameSizeAs(bytes(real.asText()));
        } else if (real.isNumber() || real.isBoolean() || real.isNull()) {
            assertThat(JSON.writeValueAsString(decoy).length()).as("length of %s", decoy)
                    .isEqualTo(JSON.writeValueAsString(real).length());
            if (real.isBoolean()) {
                assertThat(decoy.asBoolean()).isEqualTo(real.asBoolean());
            }
        } else if (real.isArray()) {
            assertThat(decoy.size()).isEqualTo(real.size());
            for (int i = 0; i < real.size(); i++) {
                assertSameStructure(decoy.get(i), real.get(i));
            }
        } else {
            List<String> realNames = new ArrayList<>();
            real.fieldNames().forEachRemaining(realNames::add);
            List<String> decoyNames = new ArrayList<>();
            decoy.fieldNames().forEachRemaining(decoyNames::add);
            assertThat(decoyNames).isEqualTo(realNames);
            for (Iterator<String> names = real.fieldNames(); names.hasNext(); ) {
                String name = names.next();
                assertSameStructure(decoy.get(name), real.get(name));
            }
        }
    }

    /** Returns the text with every letter and digit replaced by one marker, leaving only its layout. */
    private static String nonValueLayout(String json) {
        return json.replaceAll("\\p{L}|\\p{N}", "#");
    }

    private static String characterClass(char value) {
        if (Character.isUpperCase(value)) {
            return "upper";
        }
        if (Character.isLowerCase(value)) {
            return "lower";
        }
        if (Character.isDigit(value)) {
            return "digit";
        }
        return "other " + (int) value;
    }

    private static String byteClass(byte value) {
        int unsigned = value & 0xFF;
        if (unsigned == 0) {
            return "zero";
        }
        return unsigned >= 0x20 && unsigned < 0x7F ? "printable" : "other";
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private static String decode(byte[] data) {
        return new String(data, StandardCharsets.UTF_8);
    }

    private static String decodeStrict(byte[] data) {
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(data)).toString();
        } catch (CharacterCodingException invalid) {
            throw new AssertionError("Decoy is not valid UTF-8", invalid);
        }
    }
}
