package dev.eaas.loadgen.load;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The ratios that {@code eaas benchmark} prints, each beside its target. Nothing here decides a pass: a ratio
 * is printed as met or missed, with the margin, and the reader judges it with the run's noise in mind.
 */
public final class BenchmarkRatios {

    /** Whether a ratio should be at least or at most its target. */
    public enum Bound {
        AT_LEAST(">="),
        AT_MOST("<=");

        private final String symbol;

        Bound(String symbol) {
            this.symbol = symbol;
        }
    }

    /** One ratio and its target. */
    public record Ratio(String name, double value, Bound bound, double target) {

        public boolean met() {
            return bound == Bound.AT_LEAST ? value >= target : value <= target;
        }

        /** Returns the line printed for this ratio, such as {@code throughput ... 0.812 (target >= 0.74: met)}. */
        public String describe() {
            return String.format(Locale.ROOT, "%-58s %7.3f  (target %s %.3f: %s by %.3f)", name, value,
                    bound.symbol, target, met() ? "met" : "missed", Math.abs(value - target));
        }
    }

    private BenchmarkRatios() {
    }

    /** Returns the number of frames that travel each way, to the service and back, in one EaaS round trip. */
    public static int framesPerRoundTripEachWay(int deceptionFactorBits) {
        return 1 + (1 << deceptionFactorBits);
    }

    /**
     * Returns the throughput and latency ratios of EaaS over the echo service.
     *
     * @param eaasAtHalfEcho EaaS at half the echo's saturation rate
     * @param echoAtHalfEcho the echo service at the same rate
     */
    public static List<Ratio> eaasOverEcho(double eaasSaturationPerSecond, double echoSaturationPerSecond,
            LoadResult eaasAtHalfEcho, LoadResult echoAtHalfEcho) {
        List<Ratio> ratios = new ArrayList<>();
        ratios.add(new Ratio("EaaS / echo throughput at saturation, d = 0", divide(eaasSaturationPerSecond,
                echoSaturationPerSecond), Bound.AT_LEAST, 0.74));
        ratios.add(new Ratio("EaaS / echo p50 at half the echo's saturation rate",
                divide(eaasAtHalfEcho.p50Ms(), echoAtHalfEcho.p50Ms()), Bound.AT_MOST, 1.5));
        ratios.add(new Ratio("EaaS / echo p99 at half the echo's saturation rate",
                divide(eaasAtHalfEcho.p99Ms(), echoAtHalfEcho.p99Ms()), Bound.AT_MOST, 2.0));
        return ratios;
    }

    /**
     * Returns, for each deception factor above 0, the saturation throughput relative to d = 0 against the
     * inverse growth of the frame count: throughput that falls no faster than frames grow meets its target.
     *
     * @param saturationByDeceptionFactor saturation throughput by d; must contain d = 0
     */
    public static List<Ratio> deceptionCost(Map<Integer, Double> saturationByDeceptionFactor) {
        Double base = saturationByDeceptionFactor.get(0);
        if (base == null) {
            throw new IllegalArgumentException("No saturation throughput at d = 0 to compare the others with");
        }
        List<Ratio> ratios = new ArrayList<>();
        saturationByDeceptionFactor.forEach((bits, rate) -> {
            if (bits > 0) {
                double frameGrowth = (double) framesPerRoundTripEachWay(bits) / framesPerRoundTripEachWay(0);
                ratios.add(new Ratio(String.format(Locale.ROOT, "EaaS throughput d = %d / d = 0 (frames each way %d / %d)",
                        bits, framesPerRoundTripEachWay(bits), framesPerRoundTripEachWay(0)),
                        divide(rate, base), Bound.AT_LEAST, 1 / frameGrowth));
            }
        });
        return ratios;
    }

    private static double divide(double numerator, double denominator) {
        return denominator == 0 ? Double.NaN : numerator / denominator;
    }
}
