package dev.eaas.loadgen.evaluation;

import java.util.Comparator;
import java.util.List;

/**
 * A simple distinguisher: candidates that are JSON objects with a password field first, then printable text,
 * then the rest, each group in arrival order. Against uniform random decoys next to a JSON document it finds the
 * real frame with its first guess.
 */
public final class StructureFirstOrder implements CandidateOrder {

    @Override
    public List<Candidate> order(List<Candidate> arrivalOrder) {
        // List.sort is stable, so each shape keeps its arrival order.
        return arrivalOrder.stream()
                .sorted(Comparator.comparing((Candidate candidate) -> PasswordCandidates.shape(candidate.data())))
                .toList();
    }

    @Override
    public String toString() {
        return "JSON with a password field, then printable text, then the rest";
    }
}
