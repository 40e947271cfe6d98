package dev.eaas.loadgen.load;

import dev.eaas.topology.service.Role;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The replica counts of the evaluation scenarios of Javadpour et al. ("Improving the Security of Service Mesh in
 * Kubernetes"), as the Strimzi overlays of the same names deploy them: the number of instances of each role, with
 * one registrar in all of them.
 *
 * <p>In one process, an instance is an {@code EaasService} with one stream thread per role and a state folder of
 * its own, and instances of a role share its application id, so Kafka divides the role's partitions among them as
 * it would among pods. The work topics have 6 partitions by default, so at most 6 instances of the key manager or
 * the cryptor get work. Each subscriber's request topic has 2 partitions by default, so at most 2 coordinator
 * instances read a subscriber's requests, while the others share the coordinator's results topic.
 */
public enum Scenario {
    ALPHA("alpha", 1, 1, 1),
    BETA("beta", 1, 2, 2),
    LAMBDA("lambda", 5, 5, 5);

    private final String cliName;
    private final int coordinators;
    private final int keyManagers;
    private final int cryptors;

    Scenario(String cliName, int coordinators, int keyManagers, int cryptors) {
        this.cliName = cliName;
        this.coordinators = coordinators;
        this.keyManagers = keyManagers;
        this.cryptors = cryptors;
    }

    public String cliName() {
        return cliName;
    }

    public int coordinators() {
        return coordinators;
    }

    public int keyManagers() {
        return keyManagers;
    }

    public int cryptors() {
        return cryptors;
    }

    /**
     * Returns the roles of each instance beyond the first, which runs every role: instance {@code n} (from 2)
     * runs each role that has at least {@code n} instances in this scenario.
     */
    public List<Set<Role>> additionalInstances() {
        int instances = Math.max(coordinators, Math.max(keyManagers, cryptors));
        List<Set<Role>> additional = new ArrayList<>();
        for (int instance = 2; instance <= instances; instance++) {
            Set<Role> roles = EnumSet.noneOf(Role.class);
            if (coordinators >= instance) {
                roles.add(Role.COORDINATOR);
            }
            if (keyManagers >= instance) {
                roles.add(Role.KEY_MANAGER);
            }
            if (cryptors >= instance) {
                roles.add(Role.CRYPTOR);
            }
            additional.add(roles);
        }
        return additional;
    }

    /** Returns the scenario with this name, ignoring case; raises an error naming the known scenarios otherwise. */
    public static Scenario ofName(String name) {
        String normalized = name == null ? "" : name.strip().toLowerCase(Locale.ROOT);
        for (Scenario scenario : values()) {
            if (scenario.cliName.equals(normalized)) {
                return scenario;
            }
        }
        throw new IllegalArgumentException("Unknown scenario '" + name + "'; expected one of " + names());
    }

    public static String names() {
        return Arrays.stream(values()).map(Scenario::cliName).collect(Collectors.joining(", "));
    }
}
