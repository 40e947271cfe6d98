package dev.eaas.client;

/** Thrown for a request made after {@link EaasClient#close()}, or still pending when it was called. */
public class EaasClientClosedException extends EaasException {

    private static final long serialVersionUID = 1L;

    public EaasClientClosedException(String message) {
        super(message);
    }
}
