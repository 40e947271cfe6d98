package dev.eaas.loadgen.evaluation;

import dev.eaas.loadgen.attack.CandidateRanking;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/** The smart adversary's order: the candidates' data ranked by a distinguisher such as {@code PayloadDistinguisher}. */
public final class DistinguisherOrder implements CandidateOrder {

    private final CandidateRanking ranking;

    public DistinguisherOrder(CandidateRanking ranking) {
        this.ranking = ranking;
    }

    @Override
    public List<Candidate> order(List<Candidate> arrivalOrder) {
        Map<byte[], Candidate> byData = new IdentityHashMap<>();
        List<byte[]> data = new ArrayList<>();
        for (Candidate candidate : arrivalOrder) {
            byData.put(candidate.data(), candidate);
            data.add(candidate.data());
        }
        return ranking.rank(data).stream().map(byData::get).toList();
    }

    @Override
    public String toString() {
        return ranking.toString();
    }
}
