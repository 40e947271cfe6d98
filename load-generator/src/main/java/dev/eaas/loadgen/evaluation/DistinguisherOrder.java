package dev.eaas.loadgen.evaluation;

import dev.eaas.loadgen.attack.PayloadDistinguisher;
import java.util.Comparator;
import java.util.List;

/**
 * The smart adversary's order: candidates by the score of a {@link PayloadDistinguisher}, highest first, with
 * {@link #CHAIN_BONUS} added to records of the chain topic. That topic carries only real documents, sealed or raw,
 * so a raw document there goes before decoys that look just like it, while a sealed one, which looks like random
 * bytes, still goes after every candidate that looks like data. Ties keep arrival order.
 */
public final class DistinguisherOrder implements CandidateOrder {

    /** Score added to a chain record: less than the distinguisher's gap between JSON or text and random bytes. */
    static final double CHAIN_BONUS = 1.0;

    private final PayloadDistinguisher distinguisher;

    public DistinguisherOrder(PayloadDistinguisher distinguisher) {
        this.distinguisher = distinguisher;
    }

    @Override
    public List<Candidate> order(List<Candidate> arrivalOrder) {
        // List.sort is stable, so equal scores keep the arrival order.
        return arrivalOrder.stream()
                .sorted(Comparator.comparingDouble(this::score).reversed())
                .toList();
    }

    private double score(Candidate candidate) {
        double bonus = candidate.source() == Candidate.Source.CHAIN ? CHAIN_BONUS : 0;
        return distinguisher.score(candidate.data()) + bonus;
    }

    @Override
    public String toString() {
        return "payload distinguisher, chain records ahead of equal-looking frames";
    }
}
