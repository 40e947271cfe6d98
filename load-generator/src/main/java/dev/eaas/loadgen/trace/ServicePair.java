package dev.eaas.loadgen.trace;

import java.util.Objects;

/**
 * A caller service and a callee service that a trace has at least one call between. The direction matters:
 * {@code a -> b} and {@code b -> a} are two pairs.
 */
public record ServicePair(String caller, String callee) {

    public ServicePair {
        Objects.requireNonNull(caller, "caller");
        Objects.requireNonNull(callee, "callee");
    }

    @Override
    public String toString() {
        return caller + " -> " + callee;
    }
}
