package dev.eaas.client;

import dev.eaas.topics.RequestHeaders;
import dev.eaas.topics.avro.RequestType;

/**
 * The operation of a request: encryption, decryption or rewrap. The frame's type bit distinguishes encryption
 * from decryption, and a rewrap is an encrypt-type request whose frames all carry the
 * {@link RequestHeaders#OPERATION} header.
 */
enum Operation {
    ENCRYPT(RequestType.ENCRYPT, null, "Encrypt"),
    DECRYPT(RequestType.DECRYPT, null, "Decrypt"),
    REWRAP(RequestType.ENCRYPT, RequestHeaders.REWRAP, "Rewrap");

    private final RequestType type;
    private final String headerValue;
    private final String label;

    Operation(RequestType type, String headerValue, String label) {
        this.type = type;
        this.headerValue = headerValue;
        this.label = label;
    }

    /** Returns the type written into the request frames and expected in the reply frames. */
    RequestType type() {
        return type;
    }

    /** Returns the value of the {@link RequestHeaders#OPERATION} header on every request frame, or null for none. */
    String headerValue() {
        return headerValue;
    }

    /** Returns the capitalized name used in messages, for example "Rewrap". */
    String label() {
        return label;
    }
}
