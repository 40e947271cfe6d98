package dev.eaas.client;

/** Builds the client's error messages from the messages of the Kafka exceptions they wrap. */
final class Messages {

    private Messages() {
    }

    /** Returns the message as a sentence that ends with exactly one period, so a following sentence can be appended. */
    static String sentence(String message) {
        if (message == null || message.isBlank()) {
            return "(no detail).";
        }
        String trimmed = message.strip();
        while (trimmed.endsWith(".")) {
            trimmed = trimmed.substring(0, trimmed.length() - 1);
        }
        return trimmed + ".";
    }
}
