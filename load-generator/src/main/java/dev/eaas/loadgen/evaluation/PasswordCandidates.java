package dev.eaas.loadgen.evaluation;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/** Turns captured data into a password guess, and sorts it into the shapes an adversary can tell apart cheaply. */
public final class PasswordCandidates {

    /** The shape of a candidate, as an adversary that reads its bytes sees it. */
    public enum Shape {
        /** A JSON object with a text field named {@code password}. */
        JSON_WITH_PASSWORD,
        /** Printable ASCII text (with tabs and line breaks) that is not such a JSON object. */
        PRINTABLE_TEXT,
        /** Anything else, for example ciphertext or uniform random bytes. */
        OTHER
    }

    private static final ObjectMapper JSON = new ObjectMapper();

    private PasswordCandidates() {
    }

    /**
     * Returns the password to try for {@code data}: the {@code password} field of a JSON object, or else the
     * bytes decoded as UTF-8 (invalid sequences become U+FFFD).
     */
    public static String passwordGuess(byte[] data) {
        return passwordField(data).orElseGet(() -> new String(data, StandardCharsets.UTF_8));
    }

    /** Returns the shape of {@code data}. */
    public static Shape shape(byte[] data) {
        if (passwordField(data).isPresent()) {
            return Shape.JSON_WITH_PASSWORD;
        }
        return isPrintableText(data) ? Shape.PRINTABLE_TEXT : Shape.OTHER;
    }

    private static Optional<String> passwordField(byte[] data) {
        // Only data that starts like an object is parsed, so random bytes cost one comparison.
        if (data.length < 2 || data[0] != '{') {
            return Optional.empty();
        }
        try {
            JsonNode node = JSON.readTree(data);
            JsonNode password = node == null ? null : node.get("password");
            return password != null && password.isTextual() ? Optional.of(password.asText()) : Optional.empty();
        } catch (JsonProcessingException notJson) {
            return Optional.empty();
        } catch (java.io.IOException unreadable) {
            return Optional.empty();
        }
    }

    private static boolean isPrintableText(byte[] data) {
        if (data.length == 0) {
            return false;
        }
        for (byte value : data) {
            boolean printable = value >= 0x20 && value < 0x7f;
            if (!printable && value != '\t' && value != '\n' && value != '\r') {
                return false;
            }
        }
        return true;
    }
}
