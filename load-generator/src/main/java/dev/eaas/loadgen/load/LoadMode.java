package dev.eaas.loadgen.load;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** The path that one round trip of {@code eaas load} takes. */
public enum LoadMode {
    /** Encryption, then decryption, through the EaaS roles. */
    EAAS("eaas"),
    /** Echo exchanges with the plaintext, through a service that copies each request to the reply topic. */
    NO_ENCRYPTION("no-encryption"),
    /** Like {@link #NO_ENCRYPTION}, but the requester seals the payload first and opens what comes back. */
    LOCAL_ENCRYPTION("local-encryption");

    private final String cliName;

    LoadMode(String cliName) {
        this.cliName = cliName;
    }

    public String cliName() {
        return cliName;
    }

    /** Returns the mode with this name, ignoring case; raises an error naming the known modes otherwise. */
    public static LoadMode ofName(String name) {
        String normalized = name == null ? "" : name.strip().toLowerCase(Locale.ROOT);
        for (LoadMode mode : values()) {
            if (mode.cliName.equals(normalized)) {
                return mode;
            }
        }
        throw new IllegalArgumentException("Unknown mode '" + name + "'; expected one of " + names());
    }

    public static String names() {
        return Arrays.stream(values()).map(LoadMode::cliName).collect(Collectors.joining(", "));
    }
}
