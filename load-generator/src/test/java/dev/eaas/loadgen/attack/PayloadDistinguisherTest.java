package dev.eaas.loadgen.attack;

import static org.assertj.core.api.Assertions.assertThat;

import dev.eaas.topics.decoy.DecoyGenerator;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class PayloadDistinguisherTest {

    private static final String PASSWORD_JSON =
            "{\"service\":\"orders\",\"user\":\"svc_orders\",\"password\":\"Xq7!mT2pLw9#\"}";
    private static final String ENGLISH_TEXT = "Please restart the payment service tonight after the backup has"
            + " finished, and tell the support team when it is done. The old certificate expires on Friday.";

    private static final int DECEPTION_FACTOR_BITS = 3;
    private static final int FRAMES = 1 << DECEPTION_FACTOR_BITS;
    private static final int TRIALS = 2000;

    /** Expected count of trials with the real frame ranked first when no feature separates the frames: n / 2^d. */
    private static final double EXPECTED_FIRST = (double) TRIALS / FRAMES;

    /**
     * Five standard deviations of that count, sqrt(n p (1 - p)) with p = 1 / 2^d. A correct generator leaves the
     * count outside this band about once in 10^6 seeds.
     */
    private static final double TOLERANCE = 5 * Math.sqrt(TRIALS * (1.0 / FRAMES) * (1 - 1.0 / FRAMES));

    private final PayloadDistinguisher distinguisher = new PayloadDistinguisher();

    @Test
    void scoreOrdersJsonTextBinary() {
        byte[] json = bytes(PASSWORD_JSON);
        byte[] text = bytes(ENGLISH_TEXT);
        byte[] binary = new byte[64];
        new Random(1).nextBytes(binary);

        assertThat(distinguisher.score(json)).isGreaterThan(distinguisher.score(text));
        assertThat(distinguisher.score(text)).isGreaterThan(distinguisher.score(binary));
    }

    @ParameterizedTest
    @ValueSource(ints = {64, 256, 4096})
    void randomBytesAboveEntropyThreshold(int sizeBytes) {
        byte[] random = new byte[sizeBytes];
        new Random(sizeBytes).nextBytes(random);

        assertThat(PayloadFeatures.of(random).relativeEntropy()).isGreaterThan(0.9);
    }

    @ParameterizedTest
    @ValueSource(strings = {PASSWORD_JSON, ENGLISH_TEXT})
    void textBelowEntropyThreshold(String payload) {
        assertThat(PayloadFeatures.of(bytes(payload)).relativeEntropy()).isLessThan(0.8);
    }

    @Test
    void rankKeepsArrivalOrderOnTies() {
        byte[] first = bytes("same");
        byte[] second = bytes("same");
        byte[] random = {(byte) 0x91, 0x02, (byte) 0xE7, 0x7F};

        List<byte[]> ranked = distinguisher.rank(List.of(random, first, second));

        assertThat(ranked).hasSize(3);
        assertThat(ranked.get(0)).isSameAs(first);
        assertThat(ranked.get(1)).isSameAs(second);
        assertThat(ranked.get(2)).isSameAs(random);
    }

    @Test
    void arrivalOrderKeepsCandidates() {
        List<byte[]> candidates = List.of(bytes("b"), bytes("a"));

        assertThat(CandidateRanking.arrivalOrder().rank(candidates)).containsExactlyElementsOf(candidates);
    }

    @Test
    void featuresOfJsonPayload() {
        PayloadFeatures features = PayloadFeatures.of(bytes(PASSWORD_JSON));

        assertThat(features.json()).isTrue();
        assertThat(features.validUtf8()).isTrue();
        assertThat(features.printableShare()).isEqualTo(1.0);
        assertThat(features.controlShare()).isZero();
        assertThat(features.entropyBitsPerByte()).isBetween(3.0, 6.0);
    }

    @Test
    void featuresOfInvalidPayload() {
        PayloadFeatures features = PayloadFeatures.of(new byte[] {'{', (byte) 0xC3, 0x01});

        assertThat(features.json()).isFalse();
        assertThat(features.validUtf8()).isFalse();
        assertThat(features.highShare()).isEqualTo(1.0 / 3);
        assertThat(features.controlShare()).isEqualTo(1.0 / 3);
    }

    @ParameterizedTest
    @ValueSource(strings = {PASSWORD_JSON, ENGLISH_TEXT})
    void shapeMatchedDecoysHideRealFrame(String payload) {
        Trials trials = run(bytes(payload), DecoyGenerator.shapeMatched(), distinguisher, 11);

        System.out.printf("shape-matched, %s: real frame first in %d of %d trials (%.3f; 1/2^d = %.3f)%n",
                payload.substring(0, 12), trials.realFirst, TRIALS, (double) trials.realFirst / TRIALS, 1.0 / FRAMES);
        assertThat(trials.decoysEqualToReal).as("decoys equal to the real data").isZero();
        assertThat(trials.repeatedDecoys).as("decoys equal to another decoy of the same request").isZero();
        assertThat((double) trials.realFirst).as("trials with the real frame ranked first")
                .isBetween(EXPECTED_FIRST - TOLERANCE, EXPECTED_FIRST + TOLERANCE);
    }

    @ParameterizedTest
    @ValueSource(strings = {PASSWORD_JSON, ENGLISH_TEXT})
    void uniformRandomDecoysRevealRealFrame(String payload) {
        Trials trials = run(bytes(payload), DecoyGenerator.uniformRandom(), distinguisher, 12);

        System.out.printf("uniform-random, %s: real frame first in %d of %d trials (%.3f)%n",
                payload.substring(0, 12), trials.realFirst, TRIALS, (double) trials.realFirst / TRIALS);
        assertThat(trials.realFirst).as("trials with the real frame ranked first").isGreaterThanOrEqualTo(TRIALS * 99 / 100);
    }

    /**
     * Documents a limit of shape-matched decoys: a fixed payload's exact byte entropy sits at one place in the
     * spread of its decoys' entropies, so ranking by it finds the real frame more or less often than 1/2^d. The
     * JSON document repeats the word "orders", which its independently drawn decoys do not, so its entropy is
     * lower than almost every decoy's; the English text's is higher than most.
     */
    @ParameterizedTest
    @ValueSource(strings = {PASSWORD_JSON, ENGLISH_TEXT})
    void exactEntropySeparatesFixedPayload(String payload) {
        Trials trials = run(bytes(payload), DecoyGenerator.shapeMatched(), PayloadDistinguisher.lowestEntropyFirst(), 14);

        System.out.printf("shape-matched, lowest entropy first, %s: real frame first in %d of %d trials (%.3f)%n",
                payload.substring(0, 12), trials.realFirst, TRIALS, (double) trials.realFirst / TRIALS);
        assertThat(Math.abs(trials.realFirst - EXPECTED_FIRST)).isGreaterThan(TOLERANCE);
    }

    @Test
    void blindAdversaryFindsRealFrameByChance() {
        Trials trials = run(bytes(PASSWORD_JSON), DecoyGenerator.uniformRandom(), CandidateRanking.arrivalOrder(), 13);

        assertThat((double) trials.realFirst).isBetween(EXPECTED_FIRST - TOLERANCE, EXPECTED_FIRST + TOLERANCE);
    }

    /**
     * Runs the trials of one request each: the real payload and 2^d - 1 decoys in shuffled arrival order, ranked
     * by {@code ranking}.
     */
    private static Trials run(byte[] real, DecoyGenerator decoys, CandidateRanking ranking, long seed) {
        Random random = new Random(seed);
        Trials trials = new Trials();
        for (int trial = 0; trial < TRIALS; trial++) {
            List<byte[]> frames = new ArrayList<>(FRAMES);
            frames.add(real);
            for (int i = 1; i < FRAMES; i++) {
                byte[] decoy = decoys.decoyFor(real, random);
                if (Arrays.equals(decoy, real)) {
                    trials.decoysEqualToReal++;
                }
                for (byte[] earlier : frames.subList(1, frames.size())) {
                    if (Arrays.equals(decoy, earlier)) {
                        trials.repeatedDecoys++;
                    }
                }
                frames.add(decoy);
            }
            Collections.shuffle(frames, random);
            if (ranking.rank(frames).get(0) == real) {
                trials.realFirst++;
            }
        }
        return trials;
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private static final class Trials {
        int realFirst;
        int decoysEqualToReal;
        int repeatedDecoys;
    }
}
