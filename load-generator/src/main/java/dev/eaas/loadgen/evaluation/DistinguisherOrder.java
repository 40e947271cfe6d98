package dev.eaas.loadgen.evaluation;

import dev.eaas.loadgen.attack.CandidateRanking;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * The smart adversary's order: records of the chain topic first, since that topic carries only real documents,
 * sealed or raw, and then the frames of the request and reply topics ranked by a distinguisher such as
 * {@code PayloadDistinguisher}. Each group is ranked by the distinguisher, and ties keep arrival order.
 */
public final class DistinguisherOrder implements CandidateOrder {

    private final CandidateRanking ranking;

    public DistinguisherOrder(CandidateRanking ranking) {
        this.ranking = ranking;
    }

    @Override
    public List<Candidate> order(List<Candidate> arrivalOrder) {
        List<Candidate> ordered = new ArrayList<>(rank(arrivalOrder.stream()
                .filter(candidate -> candidate.source() == Candidate.Source.CHAIN).toList()));
        ordered.addAll(rank(arrivalOrder.stream()
                .filter(candidate -> candidate.source() != Candidate.Source.CHAIN).toList()));
        return ordered;
    }

    private List<Candidate> rank(List<Candidate> candidates) {
        Map<byte[], Candidate> byData = new IdentityHashMap<>();
        List<byte[]> data = new ArrayList<>();
        for (Candidate candidate : candidates) {
            byData.put(candidate.data(), candidate);
            data.add(candidate.data());
        }
        return ranking.rank(data).stream().map(byData::get).toList();
    }

    @Override
    public String toString() {
        return "chain topic first, then " + ranking;
    }
}
