package dev.eaas.loadgen.trace;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class SyntheticWorkloadTest {

    private static final int REQUESTS = 500;
    private static final long SEED = 42;

    @Test
    void sameSeedGivesSameCalls() {
        CallTrace first = SyntheticWorkload.generate(REQUESTS, SEED);
        CallTrace second = SyntheticWorkload.generate(REQUESTS, SEED);

        assertThat(second.calls()).isEqualTo(first.calls());
        assertThat(second.source()).isEqualTo(first.source());
    }

    @Test
    void otherSeedGivesOtherCalls() {
        CallTrace first = SyntheticWorkload.generate(REQUESTS, SEED);
        CallTrace second = SyntheticWorkload.generate(REQUESTS, SEED + 1);

        assertThat(second.calls()).isNotEqualTo(first.calls());
    }

    @Test
    void everyRequestStartsAtEntryService() {
        CallTrace trace = SyntheticWorkload.generate(REQUESTS, SEED);

        Map<String, List<ServiceCall>> callsByRequest = callsByRequest(trace);

        assertThat(callsByRequest).hasSize(REQUESTS);
        for (List<ServiceCall> calls : callsByRequest.values()) {
            assertThat(calls.get(0).caller()).isEqualTo(SyntheticWorkload.ENTRY_SERVICE);
        }
    }

    @Test
    void entryServiceFansOutWidely() {
        CallTrace trace = SyntheticWorkload.generate(REQUESTS, SEED);

        Set<String> entryCallees = new HashSet<>();
        int maxCalleesInOneRequest = 0;
        for (List<ServiceCall> calls : callsByRequest(trace).values()) {
            Set<String> calleesInRequest = new HashSet<>();
            for (ServiceCall call : calls) {
                if (call.caller().equals(SyntheticWorkload.ENTRY_SERVICE)) {
                    calleesInRequest.add(call.callee());
                }
            }
            entryCallees.addAll(calleesInRequest);
            maxCalleesInOneRequest = Math.max(maxCalleesInOneRequest, calleesInRequest.size());
        }

        assertThat(entryCallees).hasSize(8);
        assertThat(maxCalleesInOneRequest).isGreaterThanOrEqualTo(5);
    }

    @Test
    void chainsReachThreeToFiveDeep() {
        CallTrace trace = SyntheticWorkload.generate(REQUESTS, SEED);

        Map<Integer, Integer> requestsByMaxDepth = new HashMap<>();
        for (List<ServiceCall> calls : callsByRequest(trace).values()) {
            requestsByMaxDepth.merge(maxDepth(calls), 1, Integer::sum);
        }

        int deepRequests = requestsByMaxDepth.entrySet().stream()
                .filter(entry -> entry.getKey() >= 3)
                .mapToInt(Map.Entry::getValue)
                .sum();
        assertThat(requestsByMaxDepth.keySet()).allMatch(depth -> depth <= SyntheticWorkload.MAX_CALL_DEPTH);
        assertThat(requestsByMaxDepth).containsKey(SyntheticWorkload.MAX_CALL_DEPTH);
        assertThat(deepRequests).isGreaterThan(REQUESTS / 2);
    }

    @Test
    void sharedServicesHaveManyCallers() {
        CallTrace trace = SyntheticWorkload.generate(REQUESTS, SEED);

        Map<String, Set<String>> callersByCallee = new HashMap<>();
        for (ServicePair pair : trace.servicePairs()) {
            callersByCallee.computeIfAbsent(pair.callee(), callee -> new HashSet<>()).add(pair.caller());
        }

        assertThat(callersByCallee.get("config-service")).hasSizeGreaterThanOrEqualTo(10);
        assertThat(callersByCallee.get("user-service")).hasSizeGreaterThanOrEqualTo(4);
        assertThat(callersByCallee.get("audit-service")).hasSizeGreaterThanOrEqualTo(4);
    }

    @Test
    void callersAndCalleesAreListedServices() {
        CallTrace trace = SyntheticWorkload.generate(REQUESTS, SEED);
        List<String> graphServices = SyntheticWorkload.serviceNames();

        for (ServiceCall call : trace.calls()) {
            assertThat(trace.services()).contains(call.caller(), call.callee());
            assertThat(graphServices).contains(call.caller(), call.callee());
        }
        assertThat(graphServices).hasSize(31).doesNotHaveDuplicates();
        assertThat(trace.services()).containsExactlyInAnyOrderElementsOf(graphServices);
        assertThat(trace.services().get(0)).isEqualTo(SyntheticWorkload.ENTRY_SERVICE);
    }

    @Test
    void everyServiceIsReachableFromEntry() {
        Set<String> reached = new HashSet<>();
        Deque<String> toVisit = new ArrayDeque<>(List.of(SyntheticWorkload.ENTRY_SERVICE));
        while (!toVisit.isEmpty()) {
            String service = toVisit.pop();
            if (reached.add(service)) {
                toVisit.addAll(SyntheticWorkload.calleesOf(service));
            }
        }

        assertThat(reached).containsExactlyInAnyOrderElementsOf(SyntheticWorkload.serviceNames());
    }

    @Test
    void arrivalsFollowRequestedMeanRate() {
        int requests = 2_000;
        double requestsPerSecond = 100.0;

        CallTrace trace = SyntheticWorkload.generate(requests, SEED, requestsPerSecond);

        List<Long> requestStartNanos = new ArrayList<>();
        for (List<ServiceCall> calls : callsByRequest(trace).values()) {
            requestStartNanos.add(calls.get(0).offsetNanos());
        }
        long spanNanos = requestStartNanos.get(requestStartNanos.size() - 1) - requestStartNanos.get(0);
        double meanGapSeconds = spanNanos / 1e9 / (requests - 1);
        assertThat(meanGapSeconds).isBetween(0.009, 0.011);
        assertThat(trace.calls().get(0).offsetNanos()).isZero();
    }

    @Test
    void zeroRequestsGiveEmptyTrace() {
        CallTrace trace = SyntheticWorkload.generate(0, SEED);

        assertThat(trace.calls()).isEmpty();
        assertThat(trace.services()).isEmpty();
    }

    @Test
    void invalidArgumentsAreRejected() {
        assertThatThrownBy(() -> SyntheticWorkload.generate(-1, SEED))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("requestCount -1");
        assertThatThrownBy(() -> SyntheticWorkload.generate(10, SEED, 0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("requestsPerSecond 0.0");
        assertThatThrownBy(() -> SyntheticWorkload.generate(10, SEED, Double.NaN))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("requestsPerSecond NaN");
    }

    /** Groups calls by request, keeping time order, which within a request is the order of the walk. */
    private static Map<String, List<ServiceCall>> callsByRequest(CallTrace trace) {
        Map<String, List<ServiceCall>> callsByRequest = new LinkedHashMap<>();
        for (ServiceCall call : trace.calls()) {
            callsByRequest.computeIfAbsent(call.traceId(), id -> new ArrayList<>()).add(call);
        }
        return callsByRequest;
    }

    /**
     * Returns the longest chain of calls in one request. The calls of a request come in depth-first order, so the
     * caller of each call is the callee of an open call on the current path, or the entry service.
     */
    private static int maxDepth(List<ServiceCall> calls) {
        Deque<String> path = new ArrayDeque<>();
        int maxDepth = 0;
        for (ServiceCall call : calls) {
            while (!path.isEmpty() && !path.peek().equals(call.caller())) {
                path.pop();
            }
            if (path.isEmpty()) {
                assertThat(call.caller()).isEqualTo(SyntheticWorkload.ENTRY_SERVICE);
            }
            path.push(call.callee());
            maxDepth = Math.max(maxDepth, path.size());
        }
        return maxDepth;
    }
}
