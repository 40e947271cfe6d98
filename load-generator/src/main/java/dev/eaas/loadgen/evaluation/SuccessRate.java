package dev.eaas.loadgen.evaluation;

/**
 * The adversary's success over a number of attempts, with the 95% Wilson score interval of the success
 * probability. The Wilson interval stays inside [0, 1] and keeps a useful width at 0 or N successes, where the
 * normal approximation collapses to a point.
 */
public record SuccessRate(int attempts, int successes) {

    /** The standard normal quantile for a two-sided 95% interval. */
    public static final double Z_95 = 1.959963984540054;

    public SuccessRate {
        if (attempts < 0 || successes < 0 || successes > attempts) {
            throw new IllegalArgumentException("Invalid success count " + successes + " of " + attempts
                    + " attempts; expected 0 <= successes <= attempts");
        }
    }

    /** Returns successes / attempts, or 0 when there were no attempts. */
    public double rate() {
        return attempts == 0 ? 0 : (double) successes / attempts;
    }

    /** Returns the lower end of the 95% Wilson interval; 0 when there were no attempts. */
    public double lower() {
        return bound(-1);
    }

    /** Returns the upper end of the 95% Wilson interval; 1 when there were no attempts. */
    public double upper() {
        return bound(+1);
    }

    private double bound(int sign) {
        if (attempts == 0) {
            return sign < 0 ? 0 : 1;
        }
        double n = attempts;
        double p = rate();
        double z2 = Z_95 * Z_95;
        double centre = p + z2 / (2 * n);
        double spread = Z_95 * Math.sqrt(p * (1 - p) / n + z2 / (4 * n * n));
        double value = (centre + sign * spread) / (1 + z2 / n);
        return Math.min(1, Math.max(0, value));
    }
}
