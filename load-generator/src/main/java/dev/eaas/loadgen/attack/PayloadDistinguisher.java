package dev.eaas.loadgen.attack;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The smart adversary's ranking: it scores each candidate by how much it looks like the data that microservices
 * exchange, which is JSON or text, and tries the highest score first. A candidate that parses as JSON scores above
 * one that is only UTF-8 text, which scores above binary data. Within a class, more printable bytes and letters
 * and fewer control bytes score higher, and a candidate whose byte entropy is close to the highest possible for
 * its length scores lower, because it looks like random bytes.
 *
 * <p>Entropy enters as this randomness test only. Ranking by the exact entropy value is another adversary,
 * {@link #lowestEntropyFirst()}: for one fixed payload it ranks the real frame first in a share of requests that
 * depends on where the payload's entropy falls among its decoys' entropies, not on the decoys' shape alone.
 *
 * <p>Candidates with equal scores keep their arrival order, so where the features cannot separate the frames the
 * adversary is as good as a blind one.
 */
public final class PayloadDistinguisher implements CandidateRanking {

    /**
     * Entropy, as a fraction of the highest entropy for the length, above which a candidate counts as random
     * bytes. In the tests, uniform random payloads of 64 to 4096 bytes are above 0.9 and English text and JSON
     * documents below 0.8; a short text of few distinct characters can come close to the threshold.
     */
    public static final double RANDOM_RELATIVE_ENTROPY = 0.85;

    /** Returns the score of a candidate: the higher, the more it looks like the real data. */
    public double score(byte[] candidate) {
        PayloadFeatures features = PayloadFeatures.of(candidate);
        double score = 0;
        if (features.json()) {
            score += 4;
        }
        if (features.validUtf8()) {
            score += 2;
        }
        score += features.printableShare() + features.letterShare() / 2;
        score -= 2 * features.controlShare();
        if (features.relativeEntropy() > RANDOM_RELATIVE_ENTROPY) {
            score -= 1;
        }
        return score;
    }

    /** Returns the ranking that tries the candidate with the lowest byte entropy first. */
    public static CandidateRanking lowestEntropyFirst() {
        return candidates -> candidates.stream()
                .sorted(Comparator.comparingDouble(candidate -> PayloadFeatures.of(candidate).entropyBitsPerByte()))
                .toList();
    }

    @Override
    public List<byte[]> rank(List<byte[]> candidates) {
        List<Scored> scored = new ArrayList<>(candidates.size());
        for (byte[] candidate : candidates) {
            scored.add(new Scored(candidate, score(candidate)));
        }
        // List.sort is stable, so equal scores keep the arrival order.
        scored.sort(Comparator.comparingDouble(Scored::score).reversed());
        return scored.stream().map(Scored::candidate).toList();
    }

    private record Scored(byte[] candidate, double score) {
    }
}
