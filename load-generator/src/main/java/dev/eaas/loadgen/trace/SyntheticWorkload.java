package dev.eaas.loadgen.trace;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;

/**
 * Generates the built-in workload that runs when no trace file is given: end-to-end requests through the call graph
 * of an invented online shop with event ticketing, 31 services in all.
 *
 * <p>Every request enters at {@value #ENTRY_SERVICE}, which fans out to up to eight services. Each service that a
 * request reaches calls each of its callees with the probability in the call table, so requests take different paths.
 * Chains reach up to {@value #MAX_CALL_DEPTH} calls deep, and a few services, such as {@code config-service},
 * {@code user-service} and {@code audit-service}, have many callers, as configuration and user services do in real
 * applications.
 *
 * <p>Requests arrive as a Poisson process at a given mean rate. Within a request, each call follows the previous one
 * after 100 µs to 1 ms, in depth-first order. These gaps spread the calls in time and are not measured from any real
 * application.
 *
 * <p>The output depends only on the arguments: {@link java.util.Random} specifies its algorithm, so a seed gives the
 * same calls on every JVM.
 */
public final class SyntheticWorkload {

    /** The service where every request enters. */
    public static final String ENTRY_SERVICE = "gateway";

    /**
     * The maximum number of calls in one chain from {@link #ENTRY_SERVICE}. Only calls to config-service are this
     * deep.
     */
    public static final int MAX_CALL_DEPTH = 5;

    /** The mean request rate that {@link #generate(int, long)} uses. */
    public static final double DEFAULT_REQUESTS_PER_SECOND = 50.0;

    private static final long MIN_CALL_GAP_MICROS = 100;
    private static final long MAX_CALL_GAP_MICROS = 1_000;
    private static final double NANOS_PER_SECOND = 1e9;

    /**
     * Services by tier. A service calls only services of a higher tier, so the graph has no cycles and a chain from
     * the entry service is at most as many calls long as the highest tier.
     */
    private static final List<List<String>> SERVICES_BY_TIER = List.of(
            List.of(ENTRY_SERVICE),
            List.of("auth-service", "catalog-service", "search-service", "recommendation-service", "cart-service",
                    "order-service", "ticket-service", "review-service"),
            List.of("user-service", "token-service", "pricing-service", "inventory-service", "payment-service",
                    "shipping-service", "notification-service", "event-service", "seat-service", "media-service"),
            List.of("promotion-service", "currency-service", "tax-service", "fraud-detection-service",
                    "ledger-service", "email-service", "sms-service", "venue-service", "loyalty-service"),
            List.of("risk-scoring-service", "audit-service"),
            List.of("config-service"));

    private record Call(String caller, String callee, double probability) {
    }

    /** Each row: caller, callee, and the probability that one visit of the caller makes this call. */
    private static final List<Call> CALL_TABLE = List.of(
            call("gateway", "auth-service", 1.0),
            call("gateway", "catalog-service", 0.6),
            call("gateway", "search-service", 0.4),
            call("gateway", "recommendation-service", 0.5),
            call("gateway", "cart-service", 0.4),
            call("gateway", "order-service", 0.3),
            call("gateway", "ticket-service", 0.3),
            call("gateway", "review-service", 0.2),

            call("auth-service", "token-service", 0.9),
            call("auth-service", "user-service", 0.8),
            call("auth-service", "config-service", 0.3),
            call("catalog-service", "pricing-service", 0.9),
            call("catalog-service", "inventory-service", 0.7),
            call("catalog-service", "media-service", 0.5),
            call("search-service", "pricing-service", 0.5),
            call("search-service", "inventory-service", 0.4),
            call("search-service", "media-service", 0.6),
            call("search-service", "config-service", 0.2),
            call("recommendation-service", "user-service", 0.6),
            call("recommendation-service", "media-service", 0.5),
            call("recommendation-service", "config-service", 0.3),
            call("cart-service", "pricing-service", 1.0),
            call("cart-service", "inventory-service", 0.6),
            call("cart-service", "user-service", 0.5),
            call("order-service", "payment-service", 0.9),
            call("order-service", "inventory-service", 0.8),
            call("order-service", "pricing-service", 0.6),
            call("order-service", "shipping-service", 0.6),
            call("order-service", "notification-service", 0.7),
            call("order-service", "user-service", 0.5),
            call("order-service", "audit-service", 0.5),
            call("ticket-service", "event-service", 1.0),
            call("ticket-service", "seat-service", 0.9),
            call("ticket-service", "payment-service", 0.5),
            call("ticket-service", "notification-service", 0.4),
            call("review-service", "user-service", 0.6),
            call("review-service", "media-service", 0.3),

            call("user-service", "loyalty-service", 0.3),
            call("user-service", "config-service", 0.5),
            call("token-service", "config-service", 0.4),
            call("pricing-service", "promotion-service", 0.6),
            call("pricing-service", "currency-service", 0.5),
            call("pricing-service", "tax-service", 0.4),
            call("pricing-service", "config-service", 0.3),
            call("inventory-service", "config-service", 0.3),
            call("inventory-service", "audit-service", 0.2),
            call("payment-service", "fraud-detection-service", 0.9),
            call("payment-service", "ledger-service", 0.9),
            call("payment-service", "currency-service", 0.4),
            call("payment-service", "config-service", 0.4),
            call("shipping-service", "tax-service", 0.5),
            call("shipping-service", "config-service", 0.3),
            call("notification-service", "email-service", 0.8),
            call("notification-service", "sms-service", 0.3),
            call("notification-service", "config-service", 0.3),
            call("event-service", "venue-service", 0.6),
            call("event-service", "config-service", 0.2),
            call("seat-service", "venue-service", 0.5),
            call("seat-service", "config-service", 0.4),
            call("media-service", "config-service", 0.2),

            call("promotion-service", "audit-service", 0.2),
            call("promotion-service", "config-service", 0.3),
            call("currency-service", "config-service", 0.4),
            call("tax-service", "config-service", 0.4),
            call("fraud-detection-service", "risk-scoring-service", 0.8),
            call("fraud-detection-service", "audit-service", 0.4),
            call("ledger-service", "audit-service", 0.8),
            call("email-service", "config-service", 0.2),
            call("venue-service", "config-service", 0.2),
            call("loyalty-service", "audit-service", 0.3),
            call("loyalty-service", "config-service", 0.2),

            call("risk-scoring-service", "config-service", 0.7),
            call("audit-service", "config-service", 0.1));

    private static final Map<String, List<Call>> CALLS_BY_CALLER = indexByCaller();

    private SyntheticWorkload() {
    }

    /**
     * Generates the calls of {@code requestCount} requests with Poisson arrivals at
     * {@value #DEFAULT_REQUESTS_PER_SECOND} per second.
     */
    public static CallTrace generate(int requestCount, long seed) {
        return generate(requestCount, seed, DEFAULT_REQUESTS_PER_SECOND);
    }

    /**
     * Generates the calls of {@code requestCount} requests with Poisson arrivals at a mean rate.
     *
     * @param requestCount      number of end-to-end requests, 0 or more
     * @param seed              seed of the random choices; equal arguments give equal traces
     * @param requestsPerSecond mean arrival rate of requests, more than 0
     */
    public static CallTrace generate(int requestCount, long seed, double requestsPerSecond) {
        if (requestCount < 0) {
            throw new IllegalArgumentException("Invalid requestCount " + requestCount + "; must be 0 or more");
        }
        if (!(requestsPerSecond > 0) || Double.isInfinite(requestsPerSecond)) {
            throw new IllegalArgumentException(
                    "Invalid requestsPerSecond " + requestsPerSecond + "; must be a finite number more than 0");
        }

        Random random = new Random(seed);
        CallTraceBuilder builder = new CallTraceBuilder();
        long arrivalNanos = 0;
        for (int request = 0; request < requestCount; request++) {
            arrivalNanos = Math.addExact(arrivalNanos, exponentialGapNanos(random, requestsPerSecond));
            RequestWalk walk = new RequestWalk(random, builder, "request-" + request, arrivalNanos);
            walk.visit(ENTRY_SERVICE);
        }

        String source = String.format(Locale.ROOT, "synthetic workload: %d requests, seed %d, %.1f requests/s",
                requestCount, seed, requestsPerSecond);
        return builder.build(source);
    }

    /** Returns every service of the call graph, by tier, starting with {@link #ENTRY_SERVICE}. */
    public static List<String> serviceNames() {
        return SERVICES_BY_TIER.stream().flatMap(List::stream).toList();
    }

    /** Returns the services that {@code caller} may call, in call table order. */
    public static List<String> calleesOf(String caller) {
        return CALLS_BY_CALLER.getOrDefault(caller, List.of()).stream().map(Call::callee).toList();
    }

    private static long exponentialGapNanos(Random random, double requestsPerSecond) {
        // 1 - nextDouble() is in (0, 1], so the logarithm is finite.
        double gapSeconds = -Math.log(1.0 - random.nextDouble()) / requestsPerSecond;
        return Math.round(gapSeconds * NANOS_PER_SECOND);
    }

    /** The random path of one request through the graph, with a clock that advances with each call. */
    private static final class RequestWalk {

        private final Random random;
        private final CallTraceBuilder builder;
        private final String traceId;
        private long timeNanos;

        RequestWalk(Random random, CallTraceBuilder builder, String traceId, long startNanos) {
            this.random = random;
            this.builder = builder;
            this.traceId = traceId;
            this.timeNanos = startNanos;
        }

        void visit(String service) {
            for (Call call : CALLS_BY_CALLER.getOrDefault(service, List.of())) {
                if (random.nextDouble() < call.probability()) {
                    long gapMicros = MIN_CALL_GAP_MICROS
                            + random.nextInt((int) (MAX_CALL_GAP_MICROS - MIN_CALL_GAP_MICROS));
                    timeNanos = Math.addExact(timeNanos, gapMicros * 1_000);
                    builder.addCall(timeNanos, call.caller(), call.callee(), traceId);
                    visit(call.callee());
                }
            }
        }
    }

    private static Call call(String caller, String callee, double probability) {
        return new Call(caller, callee, probability);
    }

    /** Indexes the call table by caller, after checking that every call goes to a higher tier. */
    private static Map<String, List<Call>> indexByCaller() {
        if (SERVICES_BY_TIER.size() - 1 != MAX_CALL_DEPTH) {
            throw new IllegalStateException("The highest tier is " + (SERVICES_BY_TIER.size() - 1)
                    + " but MAX_CALL_DEPTH is " + MAX_CALL_DEPTH);
        }
        Map<String, Integer> tierByService = new HashMap<>();
        for (int tier = 0; tier < SERVICES_BY_TIER.size(); tier++) {
            for (String service : SERVICES_BY_TIER.get(tier)) {
                if (tierByService.put(service, tier) != null) {
                    throw new IllegalStateException("Service " + service + " is listed twice in the tiers");
                }
            }
        }

        Map<String, List<Call>> callsByCaller = new LinkedHashMap<>();
        for (Call call : CALL_TABLE) {
            Integer callerTier = tierByService.get(call.caller());
            Integer calleeTier = tierByService.get(call.callee());
            if (callerTier == null || calleeTier == null) {
                throw new IllegalStateException("Call " + call.caller() + " -> " + call.callee()
                        + " names a service that is in no tier");
            }
            if (calleeTier <= callerTier) {
                throw new IllegalStateException("Call " + call.caller() + " -> " + call.callee()
                        + " does not go to a higher tier, so it could form a cycle");
            }
            callsByCaller.computeIfAbsent(call.caller(), caller -> new ArrayList<>()).add(call);
        }
        callsByCaller.replaceAll((caller, calls) -> List.copyOf(calls));
        return Map.copyOf(callsByCaller);
    }
}
