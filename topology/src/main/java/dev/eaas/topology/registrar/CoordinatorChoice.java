package dev.eaas.topology.registrar;

import java.util.Map;
import java.util.OptionalInt;

/** Picks the coordinator for a new subscriber: the live one with the fewest subscribers, lowest id first. */
final class CoordinatorChoice {

    private CoordinatorChoice() {
    }

    /**
     * @param lastHeartbeatMs each known coordinator's last heartbeat time
     * @param subscriberCounts how many subscribers each coordinator serves; absent means none
     * @return the chosen coordinator, or empty if none has been heard from since {@code nowMs - livenessTimeoutMs}
     */
    static OptionalInt leastLoaded(Map<Integer, Long> lastHeartbeatMs, Map<Integer, Integer> subscriberCounts,
                                   long nowMs, long livenessTimeoutMs) {
        int best = -1;
        int bestLoad = Integer.MAX_VALUE;
        for (Map.Entry<Integer, Long> coordinator : lastHeartbeatMs.entrySet()) {
            if (nowMs - coordinator.getValue() > livenessTimeoutMs) {
                continue;
            }
            int id = coordinator.getKey();
            int load = subscriberCounts.getOrDefault(id, 0);
            if (load < bestLoad || (load == bestLoad && id < best)) {
                best = id;
                bestLoad = load;
            }
        }
        return best < 0 ? OptionalInt.empty() : OptionalInt.of(best);
    }
}
