package dev.eaas.client;

/**
 * One sending of a {@link PendingRequest}: the request with the sequence number it goes out with.
 *
 * @param number 1 for the first sending, 2 for the first resend, and so on
 */
record Attempt(PendingRequest request, int sequence, int number) {

    String describe() {
        return request.describe(sequence);
    }
}
