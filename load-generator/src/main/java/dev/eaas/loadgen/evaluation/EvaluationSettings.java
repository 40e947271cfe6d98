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
 * @param decoysName the decoy generator's name as reported
 * @param decoys the decoy generator of the subscribers' clients
 * @param order the smart adversary's order of candidates
 */
public record EvaluationSettings(int services, int attempts, List<Integer> deceptionFactors, int budgetGuesses,
                                 long budgetMs, double offeredLoadChainsPerSecond, int maxInFlightChains,
                                 double localBudgetOperationsPerSecond, long fallbackRawAfterMs, long hopTimeoutMs,
                                 String decoysName, DecoyGenerator decoys, CandidateOrder order) {

    public List<Adversary> adversaries() {
        return List.of(Adversary.blind(budgetGuesses, budgetMs), Adversary.smart(order, budgetGuesses, budgetMs));
    }
}
