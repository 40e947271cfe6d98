package dev.eaas.loadgen.trace;

import java.util.Objects;

/**
 * One call from a caller service to a callee service, as the replay sends it: the caller encrypts a payload for the
 * callee and the callee decrypts it.
 *
 * @param offsetNanos time of the call since the first call of its trace, in nanoseconds, never negative
 * @param caller      name of the calling service
 * @param callee      name of the called service, never equal to {@code caller}
 * @param traceId     id of the end-to-end request that the call belongs to
 */
public record ServiceCall(long offsetNanos, String caller, String callee, String traceId) {

    public ServiceCall {
        Objects.requireNonNull(caller, "caller");
        Objects.requireNonNull(callee, "callee");
        Objects.requireNonNull(traceId, "traceId");
        if (offsetNanos < 0) {
            throw new IllegalArgumentException("Invalid offsetNanos " + offsetNanos + "; must be 0 or more");
        }
        if (caller.isBlank() || callee.isBlank()) {
            throw new IllegalArgumentException(
                    "Invalid call '" + caller + "' -> '" + callee + "'; caller and callee must not be blank");
        }
        if (caller.equals(callee)) {
            throw new IllegalArgumentException(
                    "Invalid call from service '" + caller + "' to itself; a call must cross services");
        }
    }

    /** Returns the caller and callee of this call. */
    public ServicePair pair() {
        return new ServicePair(caller, callee);
    }
}
