package dev.eaas.loadgen.attack;

import java.util.List;

/**
 * An adversary's order of trying the 2^d frames of one request: it tests the first candidate's data, then the
 * second, and so on, so the rank of the real frame is the number of tries the adversary needs.
 */
@FunctionalInterface
public interface CandidateRanking {

    /** Returns the candidates in the order the adversary tries them; the elements are the given arrays. */
    List<byte[]> rank(List<byte[]> candidates);

    /** Returns the blind adversary's ranking, which tries the frames in arrival order. */
    static CandidateRanking arrivalOrder() {
        return List::copyOf;
    }
}
