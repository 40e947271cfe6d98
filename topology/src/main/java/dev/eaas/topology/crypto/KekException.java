package dev.eaas.topology.crypto;

/**
 * A KEK that is missing, unreadable or invalid, found while loading or creating it. The message names the
 * setting, path, line or alias at fault and what to do about it. It never contains key bytes or passwords.
 */
public final class KekException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public KekException(String message) {
        super(message);
    }

    public KekException(String message, Throwable cause) {
        super(message, cause);
    }
}
