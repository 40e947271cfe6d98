package dev.eaas.loadgen.evaluation;

import static org.assertj.core.api.Assertions.assertThat;

import dev.eaas.loadgen.attack.PayloadDistinguisher;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class CandidateOrderTest {

    private static final byte[] DOCUMENT =
            "{\"database\":\"orders\",\"user\":\"svc_orders_1\",\"password\":\"a1!B2@c3#D4$\"}".getBytes(StandardCharsets.UTF_8);

    @Test
    void jsonPasswordFieldIsTheGuess() {
        assertThat(PasswordCandidates.passwordGuess(DOCUMENT)).isEqualTo("a1!B2@c3#D4$");
        assertThat(PasswordCandidates.shape(DOCUMENT)).isEqualTo(PasswordCandidates.Shape.JSON_WITH_PASSWORD);
    }

    @Test
    void otherDataIsGuessedAsText() {
        byte[] text = "hunter2".getBytes(StandardCharsets.UTF_8);
        byte[] jsonWithoutPassword = "{\"user\":\"x\"}".getBytes(StandardCharsets.UTF_8);
        byte[] brokenJson = "{\"password\":".getBytes(StandardCharsets.UTF_8);
        assertThat(PasswordCandidates.passwordGuess(text)).isEqualTo("hunter2");
        assertThat(PasswordCandidates.shape(text)).isEqualTo(PasswordCandidates.Shape.PRINTABLE_TEXT);
        assertThat(PasswordCandidates.shape(jsonWithoutPassword)).isEqualTo(PasswordCandidates.Shape.PRINTABLE_TEXT);
        assertThat(PasswordCandidates.passwordGuess(brokenJson)).isEqualTo("{\"password\":");
        assertThat(PasswordCandidates.shape(new byte[] {1, (byte) 0xff, 7})).isEqualTo(PasswordCandidates.Shape.OTHER);
    }

    @Test
    void distinguisherOrderRanksJsonThenTextThenRest() {
        byte[] random = new byte[DOCUMENT.length];
        new Random(1).nextBytes(random);
        List<Candidate> arrival = List.of(
                new Candidate(Candidate.Source.REQUEST, random, 0),
                new Candidate(Candidate.Source.REQUEST, "plain text".getBytes(StandardCharsets.UTF_8), 1),
                new Candidate(Candidate.Source.REQUEST, DOCUMENT, 2),
                new Candidate(Candidate.Source.REPLY, "more text".getBytes(StandardCharsets.UTF_8), 3));

        List<Candidate> ordered = new DistinguisherOrder(new PayloadDistinguisher()).order(arrival);

        assertThat(ordered).extracting(Candidate::arrivalIndex).containsExactly(2, 1, 3, 0);
        assertThat(CandidateOrder.arrival().order(arrival)).extracting(Candidate::arrivalIndex).containsExactly(0, 1, 2, 3);
    }

    @Test
    void distinguisherOrderPrefersRawChainRecords() {
        byte[] sealed = new byte[DOCUMENT.length];
        new Random(2).nextBytes(sealed);
        List<Candidate> arrival = List.of(
                new Candidate(Candidate.Source.REQUEST, DOCUMENT, 0),
                new Candidate(Candidate.Source.CHAIN, sealed, 1),
                new Candidate(Candidate.Source.CHAIN, DOCUMENT.clone(), 2));

        List<Candidate> ordered = new DistinguisherOrder(new PayloadDistinguisher()).order(arrival);

        assertThat(ordered).extracting(Candidate::arrivalIndex).containsExactly(2, 0, 1);
    }

    @Test
    void adversaryStopsAtGuessBudget() {
        List<Candidate> arrival = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            arrival.add(new Candidate(Candidate.Source.REQUEST, ("guess-" + i).getBytes(StandardCharsets.UTF_8), i));
        }
        List<String> tried = new ArrayList<>();

        Adversary.Outcome outcome = Adversary.blind(3, 60_000).attack(arrival, password -> {
            tried.add(password);
            return password.equals("guess-5");
        }, () -> 0L);

        assertThat(outcome.found()).isFalse();
        assertThat(outcome.guessesUsed()).isEqualTo(3);
        assertThat(tried).containsExactly("guess-0", "guess-1", "guess-2");
    }

    /**
     * With the real frame at a uniformly random place among 2^d in arrival order, a blind adversary with budget b
     * succeeds with probability min(1, b / 2^d).
     */
    @Test
    void blindSuccessFollowsBudgetOverFrames() {
        Random random = new Random(42);
        int budget = 4;
        int trials = 4_000;
        for (int d = 0; d <= 6; d++) {
            int frames = 1 << d;
            int successes = 0;
            for (int trial = 0; trial < trials; trial++) {
                int realPosition = random.nextInt(frames);
                List<Candidate> arrival = new ArrayList<>();
                for (int i = 0; i < frames; i++) {
                    String value = i == realPosition ? "real" : "decoy-" + i;
                    arrival.add(new Candidate(Candidate.Source.REQUEST, value.getBytes(StandardCharsets.UTF_8), i));
                }
                if (Adversary.blind(budget, 60_000).attack(arrival, "real"::equals, () -> 0L).found()) {
                    successes++;
                }
            }
            SuccessRate rate = new SuccessRate(trials, successes);
            double expected = Math.min(1.0, (double) budget / frames);
            assertThat(expected).as("d=%d", d).isBetween(rate.lower() - 0.01, rate.upper() + 0.01);
        }
    }
}
