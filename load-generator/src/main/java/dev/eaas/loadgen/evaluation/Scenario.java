package dev.eaas.loadgen.evaluation;

import dev.eaas.topology.service.Role;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;

/**
 * The replica counts of the EaaS scenarios in Javadpour et al.: alpha has one of each component, beta one
 * coordinator with two key managers and two cryptors, lambda five of each. A replica here is one more Kafka
 * Streams instance of the role in this process, with one stream thread and a state folder of its own, in the
 * role's consumer group, as one more single-thread pod of the role would be. On one machine the replicas share
 * its cores, so they add parallel consumers and failover, not computing power.
 */
public enum Scenario {
    ALPHA(1, 1, 1),
    BETA(1, 2, 2),
    LAMBDA(5, 5, 5);

    private final int coordinators;
    private final int keyManagers;
    private final int cryptors;

    Scenario(int coordinators, int keyManagers, int cryptors) {
        this.coordinators = coordinators;
        this.keyManagers = keyManagers;
        this.cryptors = cryptors;
    }

    /** Returns the roles of the {@code index}-th extra replica set, from 0; empty when the scenario has no more. */
    public Set<Role> extraRoles(int index) {
        Set<Role> roles = EnumSet.noneOf(Role.class);
        if (index + 1 < coordinators) {
            roles.add(Role.COORDINATOR);
        }
        if (index + 1 < keyManagers) {
            roles.add(Role.KEY_MANAGER);
        }
        if (index + 1 < cryptors) {
            roles.add(Role.CRYPTOR);
        }
        return roles;
    }

    /** Returns the number of extra replica sets beyond the first instance of each role. */
    public int extraReplicaSets() {
        return Math.max(coordinators, Math.max(keyManagers, cryptors)) - 1;
    }

    public String cliName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
