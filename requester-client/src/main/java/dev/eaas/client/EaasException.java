package dev.eaas.client;

/**
 * Base class of the exceptions this client delivers, either thrown from a blocking call or through a
 * request's {@link java.util.concurrent.CompletableFuture}.
 *
 * <p>The exceptions are unchecked because most of them reach the caller wrapped in
 * {@link java.util.concurrent.ExecutionException} or {@link java.util.concurrent.CompletionException},
 * where a checked type would add nothing. This class is also thrown directly for failures on the client's
 * side, for example when a request could not be sent.
 */
public class EaasException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public EaasException(String message) {
        super(message);
    }

    public EaasException(String message, Throwable cause) {
        super(message, cause);
    }
}
