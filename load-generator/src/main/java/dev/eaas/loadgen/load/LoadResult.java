package dev.eaas.loadgen.load;

import java.util.Locale;
import org.HdrHistogram.Histogram;

/**
 * The figures of one run of {@code eaas load}. Latencies are in milliseconds, measured from each round trip's
 * intended send time; they are 0 when no round trip completed.
 *
 * @param scenario the scenario name, empty for the modes without EaaS
 * @param cipherSuite the suite name, empty for the no-encryption mode
 * @param deceptionFactorBits d in the eaas mode, 0 in the others, which send one frame per exchange and have no
 *     deception factor (see {@link #hasDeceptionFactor()})
 * @param payloadBytes the payload sizes in the form {@link PayloadSizes#spec()} gives
 * @param errors round trips that failed, came back with other bytes or were still under way when the run ended
 * @param dropped round trips not started because {@code --max-in-flight} round trips were under way at their due time
 */
public record LoadResult(String mode, String scenario, String cipherSuite, int deceptionFactorBits, String payloadBytes,
        double offeredRatePerSecond, double achievedRatePerSecond, long completed, long errors, long dropped,
        double p50Ms, double p90Ms, double p99Ms, double p999Ms, double maxMs) {

    /** Builds the result from a final snapshot; {@code measuredSeconds} is the time the measured round trips took. */
    static LoadResult of(String mode, String scenario, String cipherSuite, int deceptionFactorBits, String payloadBytes,
            double offeredRatePerSecond, double measuredSeconds, long completed, long errors, long dropped,
            Histogram latencyMicros) {
        boolean any = latencyMicros.getTotalCount() > 0;
        return new LoadResult(mode, scenario, cipherSuite, deceptionFactorBits, payloadBytes, offeredRatePerSecond,
                measuredSeconds > 0 ? completed / measuredSeconds : 0, completed, errors, dropped,
                any ? millis(latencyMicros.getValueAtPercentile(50)) : 0,
                any ? millis(latencyMicros.getValueAtPercentile(90)) : 0,
                any ? millis(latencyMicros.getValueAtPercentile(99)) : 0,
                any ? millis(latencyMicros.getValueAtPercentile(99.9)) : 0,
                any ? millis(latencyMicros.getMaxValue()) : 0);
    }

    /** Returns a short label for charts and summaries, such as {@code eaas alpha aes-256-gcm d=0}. */
    public String label() {
        StringBuilder label = new StringBuilder(mode);
        if (!scenario.isEmpty()) {
            label.append(' ').append(scenario);
        }
        if (!cipherSuite.isEmpty()) {
            label.append(' ').append(cipherSuite);
        }
        if (hasDeceptionFactor()) {
            label.append(" d=").append(deceptionFactorBits);
        }
        return label.toString();
    }

    /** Returns whether the row's mode has a deception factor; only the eaas mode has one. */
    public boolean hasDeceptionFactor() {
        return mode.equals(LoadMode.EAAS.cliName());
    }

    /** Returns the summary printed at the end of a run. */
    public String describe(long late, long warmupCompleted, long warmupFailed) {
        return String.format(Locale.ROOT, """
                Load run: %s, payload %s bytes
                  offered %.1f round trips/s, achieved %.1f round trips/s
                  completed %d, errors %d, dropped %d, started late %d (warm-up: %d completed, %d failed)
                  latency from intended send time: p50 %.3f ms, p90 %.3f ms, p99 %.3f ms, p99.9 %.3f ms, max %.3f ms
                """, label(), payloadBytes, offeredRatePerSecond, achievedRatePerSecond, completed, errors, dropped,
                late, warmupCompleted, warmupFailed, p50Ms, p90Ms, p99Ms, p999Ms, maxMs);
    }

    private static double millis(long micros) {
        return micros / 1000.0;
    }
}
