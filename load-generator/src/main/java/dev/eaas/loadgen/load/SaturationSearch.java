package dev.eaas.loadgen.load;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Finds the saturation throughput of one or more systems by stepping an open-loop offered rate up a geometric
 * ladder. At each rate, every system that still keeps up runs once, one after the other, so that all meet the
 * same offered loads side by side.
 *
 * <p>A system keeps up at a step when it achieves at least {@code minAchievedFraction} of the offered rate and
 * loses (drops or fails) at most {@code maxLossFraction} of the round trips due. A step that does not keep up
 * runs once more at the same rate, because on a shared machine one step can fall behind for reasons outside the
 * system. When the repeat does not keep up either, the system's search ends. Its saturation throughput is the highest achieved rate of any of its steps, the
 * overloaded step included, because an overloaded open-loop run completes round trips as fast as the system can.
 * A system that keeps up at every rate of the ladder has not saturated; its figure is then a lower bound.
 */
public final class SaturationSearch {

    /** One measured step: the counts of an open-loop run at one offered rate. */
    public record Step(double offeredRatePerSecond, double achievedRatePerSecond, long completed, long errors,
            long dropped) {

        /** Returns the part of the round trips due that failed or were dropped, 0 when none were due. */
        public double lossFraction() {
            long due = completed + errors + dropped;
            return due == 0 ? 0 : (double) (errors + dropped) / due;
        }

        /** Returns the step of a run, taking the rate of completions between the first and the last as achieved. */
        static Step of(LoadRunner.Outcome outcome) {
            LoadResult result = outcome.result();
            return new Step(result.offeredRatePerSecond(), outcome.completionRatePerSecond(), result.completed(),
                    result.errors(), result.dropped());
        }
    }

    /** One system under test: runs one step at the given offered rate. */
    @FunctionalInterface
    public interface StepRunner {
        Step run(double ratePerSecond) throws Exception;
    }

    /** The steps of one system and its saturation throughput in round trips per second. */
    public record Result(List<Step> steps, double saturationRatePerSecond, boolean saturated) {
    }

    private final double startRatePerSecond;
    private final double growthFactor;
    private final int maxSteps;
    private final double minAchievedFraction;
    private final double maxLossFraction;

    public SaturationSearch(double startRatePerSecond, double growthFactor, int maxSteps, double minAchievedFraction,
            double maxLossFraction) {
        double lastRatePerSecond = startRatePerSecond * Math.pow(growthFactor, maxSteps - 1);
        if (!(startRatePerSecond > 0) || !(growthFactor > 1) || Double.isInfinite(growthFactor) || maxSteps < 1
                || Double.isInfinite(lastRatePerSecond)) {
            throw new IllegalArgumentException("Invalid saturation search: start rate " + startRatePerSecond
                    + "/s (expected above 0), growth factor " + growthFactor + " (expected above 1), max steps "
                    + maxSteps + " (expected at least 1); the rate of the last step, " + lastRatePerSecond
                    + "/s, must be finite");
        }
        if (!(minAchievedFraction > 0 && minAchievedFraction <= 1) || !(maxLossFraction >= 0 && maxLossFraction < 1)) {
            throw new IllegalArgumentException("Invalid saturation criteria: min achieved fraction "
                    + minAchievedFraction + " (expected above 0, at most 1), max loss fraction " + maxLossFraction
                    + " (expected 0 or more, below 1)");
        }
        this.startRatePerSecond = startRatePerSecond;
        this.growthFactor = growthFactor;
        this.maxSteps = maxSteps;
        this.minAchievedFraction = minAchievedFraction;
        this.maxLossFraction = maxLossFraction;
    }

    /** Returns the offered rate of step {@code index}, counted from 0. */
    public double rateOfStep(int index) {
        return startRatePerSecond * Math.pow(growthFactor, index);
    }

    /** Returns whether a system kept up with the offered rate of {@code step}. */
    public boolean keptUp(Step step) {
        return step.achievedRatePerSecond() >= minAchievedFraction * step.offeredRatePerSecond()
                && step.lossFraction() <= maxLossFraction;
    }

    /**
     * Runs the search for every system, in the map's order at each rate, and returns each system's result under
     * the same name.
     */
    public Map<String, Result> search(Map<String, StepRunner> systems) throws Exception {
        Map<String, List<Step>> steps = new LinkedHashMap<>();
        Map<String, Boolean> saturated = new LinkedHashMap<>();
        systems.keySet().forEach(name -> {
            steps.put(name, new ArrayList<>());
            saturated.put(name, false);
        });
        for (int index = 0; index < maxSteps && saturated.containsValue(false); index++) {
            double rate = rateOfStep(index);
            for (Map.Entry<String, StepRunner> system : systems.entrySet()) {
                if (saturated.get(system.getKey())) {
                    continue;
                }
                Step step = system.getValue().run(rate);
                steps.get(system.getKey()).add(step);
                if (keptUp(step)) {
                    continue;
                }
                Step repeat = system.getValue().run(rate);
                steps.get(system.getKey()).add(repeat);
                if (!keptUp(repeat)) {
                    saturated.put(system.getKey(), true);
                }
            }
        }
        Map<String, Result> results = new LinkedHashMap<>();
        for (String name : systems.keySet()) {
            List<Step> systemSteps = List.copyOf(steps.get(name));
            double best = systemSteps.stream().mapToDouble(Step::achievedRatePerSecond).max().orElse(0);
            results.put(name, new Result(systemSteps, best, saturated.get(name)));
        }
        return results;
    }
}
