package dev.eaas.client;

import dev.eaas.topics.ErrorCode;
import java.util.Objects;

/**
 * Thrown when the service rejects a request or a registration with an {@link ErrorCode}. The message names
 * the request and contains the service's explanation.
 */
public class EaasRequestException extends EaasException {

    private static final long serialVersionUID = 1L;

    private final ErrorCode code;

    public EaasRequestException(ErrorCode code, String message) {
        super(message);
        this.code = Objects.requireNonNull(code, "code");
    }

    public EaasRequestException(ErrorCode code, String message, Throwable cause) {
        super(message, cause);
        this.code = Objects.requireNonNull(code, "code");
    }

    /** Returns the service's reason for rejecting the request. */
    public ErrorCode code() {
        return code;
    }

    /**
     * Returns whether the same request may succeed when sent again later. The client already resends
     * retriable requests until their deadline, so a caller that sees a retriable code here has seen every
     * attempt fail.
     */
    public boolean retriable() {
        return code.retriable();
    }
}
