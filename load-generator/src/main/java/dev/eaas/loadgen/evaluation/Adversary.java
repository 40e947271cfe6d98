package dev.eaas.loadgen.evaluation;

import java.util.List;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.function.LongSupplier;

/**
 * An adversary with a bounded budget: it tries the passwords of captured candidates, in its own order, until one
 * logs in, its guesses run out or its time runs out. Equal passwords count as one guess.
 *
 * @param name {@code blind} or {@code smart}, as reported
 * @param order the order in which it tries candidates
 * @param budgetGuesses login attempts allowed per attempt of the chain
 * @param budgetMs time allowed per attempt of the chain, counted from the first guess
 */
public record Adversary(String name, CandidateOrder order, int budgetGuesses, long budgetMs) {

    /** A login against the attacked database with one password. */
    @FunctionalInterface
    public interface PasswordCheck {
        boolean logsIn(String password);
    }

    /** The result of one adversary against one attempt. */
    public record Outcome(boolean found, int guessesUsed, int candidatesSeen) {
    }

    public Adversary {
        if (budgetGuesses < 0 || budgetMs < 1) {
            throw new IllegalArgumentException("Invalid adversary budget: " + budgetGuesses + " guesses (at least 0), "
                    + budgetMs + " ms (at least 1)");
        }
    }

    /** Returns a blind adversary, which tries candidates in arrival order. */
    public static Adversary blind(int budgetGuesses, long budgetMs) {
        return new Adversary("blind", CandidateOrder.arrival(), budgetGuesses, budgetMs);
    }

    /** Returns a smart adversary, which tries candidates in the order {@code order} gives. */
    public static Adversary smart(CandidateOrder order, int budgetGuesses, long budgetMs) {
        return new Adversary("smart", order, budgetGuesses, budgetMs);
    }

    /** Tries the candidates' passwords against {@code check}; {@code clockMs} measures the time budget. */
    public Outcome attack(List<Candidate> arrivalOrder, PasswordCheck check, LongSupplier clockMs) {
        Set<String> tried = new LinkedHashSet<>();
        long startMs = clockMs.getAsLong();
        for (Candidate candidate : order.order(arrivalOrder)) {
            if (tried.size() >= budgetGuesses || clockMs.getAsLong() - startMs >= budgetMs) {
                break;
            }
            String password = PasswordCandidates.passwordGuess(candidate.data());
            if (!tried.add(password)) {
                continue;
            }
            if (check.logsIn(password)) {
                return new Outcome(true, tried.size(), arrivalOrder.size());
            }
        }
        return new Outcome(false, tried.size(), arrivalOrder.size());
    }
}
