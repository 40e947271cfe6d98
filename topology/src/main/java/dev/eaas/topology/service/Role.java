package dev.eaas.topology.service;

import dev.eaas.topology.common.ServiceConfig;
import dev.eaas.topology.coordinator.CoordinatorTopology;
import dev.eaas.topology.crypto.Kek;
import dev.eaas.topology.cryptor.CryptorTopology;
import dev.eaas.topology.cryptor.LentKeyStore;
import dev.eaas.topology.keymanager.KeyManagerTopology;
import dev.eaas.topology.registrar.RegistrarTopology;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.kafka.streams.Topology;

/** The four components of the service; a process runs any set of them, each as its own Kafka Streams application. */
public enum Role {
    REGISTRAR("registrar"),
    COORDINATOR("coordinator"),
    KEY_MANAGER("key-manager"),
    CRYPTOR("cryptor");

    private final String cliName;

    Role(String cliName) {
        this.cliName = cliName;
    }

    /** Returns the role's name on the command line and in application ids, for example {@code key-manager}. */
    public String cliName() {
        return cliName;
    }

    /**
     * Returns whether the role handles pair keys, and so needs the deployment's KEK: the key manager and the
     * cryptor always, the coordinator when it takes key leases.
     */
    public boolean needsKek(ServiceConfig config) {
        return this == KEY_MANAGER || this == CRYPTOR || (this == COORDINATOR && config.keyLeaseMs() > 0);
    }

    /**
     * Builds the role's topology; {@code kek} may be null for roles that do not {@linkplain #needsKek need} it. A
     * coordinator built without it takes no key leases.
     */
    Topology topology(ServiceConfig config, Kek kek) {
        return switch (this) {
            case REGISTRAR -> RegistrarTopology.build(config);
            case COORDINATOR -> CoordinatorTopology.build(config, kek == null || config.keyLeaseMs() == 0 ? null
                    : new LentKeyStore(kek, config.keyLeaseMs(), KeyManagerTopology.LEASE_USAGE_MAX,
                            config.getInt(ServiceConfig.CRYPTOR_KEY_CACHE_SIZE), config.legacySuitesAllowed()));
            case KEY_MANAGER -> KeyManagerTopology.build(config, kek);
            case CRYPTOR -> CryptorTopology.build(config, kek);
        };
    }

    /**
     * Parses a comma-separated list of role names, or {@code all}.
     *
     * @throws IllegalArgumentException naming the unknown role and the accepted names
     */
    public static Set<Role> parse(String names) {
        Set<Role> roles = EnumSet.noneOf(Role.class);
        for (String name : names.split(",")) {
            String trimmed = name.trim().toLowerCase(Locale.ROOT);
            if (trimmed.equals("all")) {
                roles.addAll(EnumSet.allOf(Role.class));
                continue;
            }
            Role role = Arrays.stream(values()).filter(candidate -> candidate.cliName.equals(trimmed)).findFirst()
                    .orElseThrow(() -> new IllegalArgumentException("Unknown role '" + name.trim() + "'; expected all or "
                            + Arrays.stream(values()).map(Role::cliName).collect(Collectors.joining(", "))));
            roles.add(role);
        }
        return roles;
    }
}
