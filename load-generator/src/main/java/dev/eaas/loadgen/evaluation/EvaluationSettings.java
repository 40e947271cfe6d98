package dev.eaas.loadgen.evaluation;

import dev.eaas.topics.decoy.DecoyGenerator;
import java.util.List;

/**
 * The settings of an evaluation run.
 *
 * @param services services in the chain, at least 2
 * @param attempts attempts per point of the figure
 * @param deceptionFactors the deception factors d to measure
 * @param budgetGuesses password guesses each adversary may make per attempt
 * @param budgetMs time each adversary may guess for per attempt
 * @param offeredLoadChainsPerSecond background chains started per second beside the attacked chain
 * @param maxInFlightChains background chains under way at once, at most
 * @param localBudgetOperationsPerSecond cryptographic operations each service may run per second under Local Encryption
 * @param fallbackRawAfterMs under EaaS, forward the raw document when encryption takes longer; 0 fails closed
 * @param hopTimeoutMs time one hop may take before the chain fails
 * @param decoyNames the decoy generators to measure, by {@link DecoyGenerator#names()}; the attack commands use the
 *     first
 * @param order the smart adversary's order of candidates
 */
public record EvaluationSettings(int services, int attempts, List<Integer> deceptionFactors, int budgetGuesses,
                                 long budgetMs, double offeredLoadChainsPerSecond, int maxInFlightChains,
                                 double localBudgetOperationsPerSecond, long fallbackRawAfterMs, long hopTimeoutMs,
                                 List<String> decoyNames, CandidateOrder order) {

    public EvaluationSettings {
        if (decoyNames.isEmpty()) {
            throw new IllegalArgumentException("No decoy generator to measure; name at least one of " + DecoyGenerator.names());
        }
    }

    /** Returns the first decoy generator's name, the one the attack commands use. */
    public String firstDecoysName() {
        return decoyNames.get(0);
    }

    public List<Adversary> adversaries() {
        return List.of(Adversary.blind(budgetGuesses, budgetMs), Adversary.smart(order, budgetGuesses, budgetMs));
    }
}
