package dev.eaas.loadgen.replay;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.Map;

/**
 * The outcome of a replay, as printed for people and written as JSON.
 *
 * @param calls calls replayed, each one encryption by the caller and one decryption by the callee
 * @param verified calls whose decrypted payload equals the payload sent
 * @param failed calls that failed or decrypted to other bytes
 * @param durationSeconds time from the first call to the last result, in seconds
 * @param throughputPerSecond verified calls per second of {@code durationSeconds}; failed calls do not count
 * @param latencyMsP50 median round-trip time (encryption, then decryption) of the verified calls, in
 *     milliseconds; 0 when no call verified
 * @param latencyMsP99 99th percentile of the same round-trip times; 0 when no call verified
 * @param latencyMsMax maximum of the same round-trip times; 0 when no call verified
 * @param failures failure messages and how often each occurred
 */
public record ReplaySummary(
        @JsonProperty("source") String source,
        @JsonProperty("services") int services,
        @JsonProperty("deception_factor") int deceptionFactorBits,
        @JsonProperty("payload_bytes") int payloadBytes,
        @JsonProperty("calls") long calls,
        @JsonProperty("verified") long verified,
        @JsonProperty("failed") long failed,
        @JsonProperty("duration_s") double durationSeconds,
        @JsonProperty("throughput_per_s") double throughputPerSecond,
        @JsonProperty("latency_ms_p50") double latencyMsP50,
        @JsonProperty("latency_ms_p99") double latencyMsP99,
        @JsonProperty("latency_ms_max") double latencyMsMax,
        @JsonProperty("failures") Map<String, Long> failures) {

    /** Returns the summary as lines for people. */
    public String describe() {
        StringBuilder out = new StringBuilder()
                .append("Replay of ").append(source).append('\n')
                .append(String.format("  services %d, deception factor %d, payload %d bytes%n", services,
                        deceptionFactorBits, payloadBytes))
                .append(String.format("  calls %d: verified %d, failed %d%n", calls, verified, failed))
                .append(String.format("  %.1f s, %.1f round trips/s%n", durationSeconds, throughputPerSecond))
                .append(String.format("  round-trip latency (encrypt, then decrypt): p50 %.2f ms, p99 %.2f ms, max %.2f ms%n",
                        latencyMsP50, latencyMsP99, latencyMsMax));
        failures.forEach((message, count) -> out.append(String.format("  failed %d times: %s%n", count, message)));
        return out.toString();
    }
}
