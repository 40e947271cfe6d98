package dev.eaas.client;

/**
 * Thrown when the service did not reply in time. The client fails closed: a request that times out
 * returns neither its input nor any other data.
 */
public class EaasTimeoutException extends EaasException {

    private static final long serialVersionUID = 1L;

    private final long timeoutMs;

    public EaasTimeoutException(String message, long timeoutMs) {
        super(message);
        this.timeoutMs = timeoutMs;
    }

    public EaasTimeoutException(String message, long timeoutMs, Throwable cause) {
        super(message, cause);
        this.timeoutMs = timeoutMs;
    }

    /** Returns the time in milliseconds that the caller waited before this exception was raised. */
    public long timeoutMs() {
        return timeoutMs;
    }
}
