package dev.eaas.loadgen.evaluation;

/**
 * One point of the figure: an adversary's success against one mode and scenario at one deception factor.
 *
 * @param scenario {@code alpha}, {@code beta}, {@code lambda}, or {@code none} for the baselines
 * @param chainsCompleted attempts whose every service logged in
 * @param rawHops hops that forwarded the raw document over all attempts
 */
public record FigurePoint(String mode, String scenario, String adversary, String decoys, int deceptionFactorBits,
                          SuccessRate success, int chainsCompleted, int rawHops) {

    /** The CSV header that {@link #csvRow()} matches. */
    public static final String CSV_HEADER =
            "mode,scenario,adversary,decoys,d,attempts,successes,rate,ci_low,ci_high,chains_completed,raw_hops";

    public String csvRow() {
        return String.join(",", mode, scenario, adversary, decoys, Integer.toString(deceptionFactorBits),
                Integer.toString(success.attempts()), Integer.toString(success.successes()),
                format(success.rate()), format(success.lower()), format(success.upper()),
                Integer.toString(chainsCompleted), Integer.toString(rawHops));
    }

    /** Returns the name of the figure's line this point belongs to. */
    public String series() {
        return (scenario.equals("none") ? mode : "eaas-" + scenario + " " + decoys) + " (" + adversary + ")";
    }

    private static String format(double value) {
        return String.format(java.util.Locale.ROOT, "%.4f", value);
    }
}
