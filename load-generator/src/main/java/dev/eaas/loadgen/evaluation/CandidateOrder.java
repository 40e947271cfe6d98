package dev.eaas.loadgen.evaluation;

import java.util.List;

/** The order in which an adversary tries captured candidates; a distinguisher of decoys plugs in here. */
@FunctionalInterface
public interface CandidateOrder {

    /** Returns the candidates in the order to try them; {@code arrivalOrder} is sorted by arrival index. */
    List<Candidate> order(List<Candidate> arrivalOrder);

    /** Returns the order of a blind adversary: arrival order. */
    static CandidateOrder arrival() {
        return List::copyOf;
    }
}
