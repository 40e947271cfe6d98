package dev.eaas.loadgen.evaluation;

import dev.eaas.loadgen.attack.PayloadDistinguisher;
import dev.eaas.topics.decoy.DecoyGenerator;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Model.CommandSpec;

/** The options that the figure and the attack commands share. */
public final class EvaluationOptions {

    @Option(names = "--services", defaultValue = "3", description = "Services in the chain, at least 2 (default: ${DEFAULT-VALUE}).")
    int services;

    @Option(names = "--attempts", defaultValue = "10", description = "Attempts per point (default: ${DEFAULT-VALUE}).")
    int attempts;

    @Option(names = "--deception-factors", defaultValue = "0-8", paramLabel = "RANGE",
            description = "Deception factors d, as A-B or a comma-separated list (default: ${DEFAULT-VALUE}).")
    String deceptionFactors;

    @Option(names = "--budget-guesses", defaultValue = "4",
            description = "Password guesses each adversary may make per attempt (default: ${DEFAULT-VALUE}).")
    int budgetGuesses;

    @Option(names = "--budget-ms", defaultValue = "2000",
            description = "Time each adversary may spend guessing per attempt, in ms (default: ${DEFAULT-VALUE}).")
    long budgetMs;

    @Option(names = "--offered-load", defaultValue = "5", paramLabel = "CHAINS_PER_S",
            description = "Background chains started per second beside the attacked chain; 0 for none (default: ${DEFAULT-VALUE}).")
    double offeredLoad;

    @Option(names = "--max-in-flight", defaultValue = "16",
            description = "Background chains under way at once, at most (default: ${DEFAULT-VALUE}).")
    int maxInFlight;

    @Option(names = "--local-budget-ops-per-s", defaultValue = "10",
            description = "Under Local Encryption, cryptographic operations each service may run per second before it"
                    + " sends raw (default: ${DEFAULT-VALUE}).")
    double localBudgetOpsPerSecond;

    @Option(names = "--fallback-raw-after-ms", defaultValue = "0",
            description = "Under EaaS, forward the raw document when encryption takes longer than this; 0 fails closed"
                    + " (default: ${DEFAULT-VALUE}).")
    long fallbackRawAfterMs;

    @Option(names = "--hop-timeout-ms", defaultValue = "10000",
            description = "Time one hop may take before the chain fails (default: ${DEFAULT-VALUE}).")
    long hopTimeoutMs;

    @Option(names = "--decoys", defaultValue = "shape-matched,uniform-random", split = ",",
            description = "Decoy generators to measure, in clients and coordinators: shape-matched, uniform-random; the"
                    + " attack commands use the first (default: ${DEFAULT-VALUE}).")
    List<String> decoys;

    /** Checks the options and returns the settings. */
    EvaluationSettings settings(CommandSpec spec) {
        require(spec, services >= 2, "Invalid --services " + services + "; expected 2 or more");
        require(spec, attempts >= 1, "Invalid --attempts " + attempts + "; expected 1 or more");
        require(spec, budgetGuesses >= 0, "Invalid --budget-guesses " + budgetGuesses + "; expected 0 or more");
        require(spec, budgetMs >= 1, "Invalid --budget-ms " + budgetMs + "; expected 1 or more");
        require(spec, offeredLoad >= 0, "Invalid --offered-load " + offeredLoad + "; expected 0 or more");
        require(spec, maxInFlight >= 1, "Invalid --max-in-flight " + maxInFlight + "; expected 1 or more");
        require(spec, localBudgetOpsPerSecond > 0, "Invalid --local-budget-ops-per-s " + localBudgetOpsPerSecond
                + "; expected a positive number");
        require(spec, fallbackRawAfterMs >= 0, "Invalid --fallback-raw-after-ms " + fallbackRawAfterMs + "; expected 0 or more");
        require(spec, hopTimeoutMs >= 1, "Invalid --hop-timeout-ms " + hopTimeoutMs + "; expected 1 or more");
        return new EvaluationSettings(services, attempts, parseRange(spec, deceptionFactors), budgetGuesses, budgetMs,
                offeredLoad, maxInFlight, localBudgetOpsPerSecond, fallbackRawAfterMs, hopTimeoutMs, decoyNames(spec),
                new DistinguisherOrder(new PayloadDistinguisher()));
    }

    private List<String> decoyNames(CommandSpec spec) {
        List<String> names = new ArrayList<>();
        for (String name : decoys) {
            try {
                DecoyGenerator.ofName(name.strip());
            } catch (IllegalArgumentException unknown) {
                throw new ParameterException(spec.commandLine(), "Invalid --decoys '" + name + "'; expected one or more of "
                        + DecoyGenerator.names());
            }
            if (!names.contains(name.strip())) {
                names.add(name.strip());
            }
        }
        return List.copyOf(names);
    }

    /** Parses {@code A-B} or {@code a,b,c} into deception factors between 0 and 8. */
    static List<Integer> parseDeceptionFactors(String text) {
        List<Integer> values = new ArrayList<>();
        for (String part : text.split(",")) {
            String[] ends = part.trim().split("-");
            int from;
            int to;
            try {
                from = Integer.parseInt(ends[0].trim());
                to = ends.length > 1 ? Integer.parseInt(ends[1].trim()) : from;
            } catch (NumberFormatException notNumber) {
                throw invalidDeceptionFactors(text);
            }
            if (ends.length > 2 || from < 0 || to > 8 || from > to) {
                throw invalidDeceptionFactors(text);
            }
            for (int d = from; d <= to; d++) {
                values.add(d);
            }
        }
        return List.copyOf(values);
    }

    private static IllegalArgumentException invalidDeceptionFactors(String text) {
        return new IllegalArgumentException("Invalid --deception-factors '" + text
                + "'; expected A-B or a comma-separated list of values from 0 to 8");
    }

    private static List<Integer> parseRange(CommandSpec spec, String text) {
        try {
            return parseDeceptionFactors(text);
        } catch (IllegalArgumentException invalid) {
            throw new ParameterException(spec.commandLine(), invalid.getMessage());
        }
    }

    private static void require(CommandSpec spec, boolean condition, String message) {
        if (!condition) {
            throw new ParameterException(spec.commandLine(), message);
        }
    }
}
