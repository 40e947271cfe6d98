package dev.eaas.topology.coordinator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.eaas.topology.coordinator.ReplayWindow.Verdict;
import java.util.HashSet;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ReplayWindowTest {

    private static final long MODULUS_4_BITS = 16;

    @Test
    void repeatedSequenceIsDuplicate() {
        ReplayWindow window = ReplayWindow.empty(1 << 20, 1024);
        window.accept(500);

        assertThat(window.check(500)).isEqualTo(Verdict.DUPLICATE);
    }

    @Test
    void wrapAroundGivesNoFalseDuplicate() {
        ReplayWindow window = ReplayWindow.empty(MODULUS_4_BITS, 8);

        for (int sequence : new int[] {13, 14, 15, 0, 1, 2}) {
            assertThat(window.check(sequence)).as("sequence %d", sequence).isEqualTo(Verdict.NEW);
            window.accept(sequence);
        }

        assertThat(window.check(15)).isEqualTo(Verdict.DUPLICATE);
        assertThat(window.check(3)).isEqualTo(Verdict.NEW);
        assertThat(window.nextSequence()).isEqualTo(3);
    }

    @Test
    void unseenSequenceInsideWindowIsNew() {
        ReplayWindow window = ReplayWindow.empty(1 << 20, 64);
        window.accept(100);
        window.accept(90);

        assertThat(window.check(95)).isEqualTo(Verdict.NEW);
        assertThat(window.check(90)).isEqualTo(Verdict.DUPLICATE);
    }

    @Test
    void sequenceBehindWindowIsTooOld() {
        ReplayWindow window = ReplayWindow.empty(1 << 20, 64);
        window.accept(100);

        assertThat(window.check(37)).isEqualTo(Verdict.NEW);
        assertThat(window.check(36)).isEqualTo(Verdict.TOO_OLD);
    }

    @Test
    void halfSequenceSpaceAwayCountsAsOlder() {
        ReplayWindow window = ReplayWindow.empty(MODULUS_4_BITS, 8);
        window.accept(0);

        assertThat(window.check(7)).isEqualTo(Verdict.NEW);
        assertThat(window.check(8)).isEqualTo(Verdict.TOO_OLD);
    }

    @Test
    void oldFrameIsNewAfterHalfWrap() {
        ReplayWindow window = ReplayWindow.empty(MODULUS_4_BITS, 8);
        window.accept(0);
        window.accept(7);
        window.accept(14);

        assertThat(window.check(0)).isEqualTo(Verdict.NEW);
    }

    @Test
    void acceptingDuplicateIsRefused() {
        ReplayWindow window = ReplayWindow.empty(1 << 20, 64);
        window.accept(3);

        assertThatThrownBy(() -> window.accept(3))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("DUPLICATE");
    }

    @Test
    void storedWindowRoundTrips() {
        ReplayWindow window = ReplayWindow.empty(1 << 20, 100);
        for (int sequence : new int[] {1_048_570, 1_048_575, 3, 0, 2}) {
            window.accept(sequence);
        }

        ReplayWindow restored = ReplayWindow.fromBytes(window.toBytes(), 1 << 20, 100);

        for (int sequence = 1_048_500; sequence < 1_048_576 + 10; sequence++) {
            int wrapped = sequence % (1 << 20);
            assertThat(restored.check(wrapped)).as("sequence %d", wrapped).isEqualTo(window.check(wrapped));
        }
        assertThat(restored.nextSequence()).isEqualTo(4);
    }

    @Test
    void smallerConfiguredWindowForgetsOldestSequences() {
        ReplayWindow window = ReplayWindow.empty(1 << 20, 128);
        window.accept(1_000);
        window.accept(1_100);

        ReplayWindow restored = ReplayWindow.fromBytes(window.toBytes(), 1 << 20, 64);

        assertThat(restored.check(1_100)).isEqualTo(Verdict.DUPLICATE);
        assertThat(restored.check(1_000)).isEqualTo(Verdict.TOO_OLD);
    }

    @Test
    void storedBytesOfOtherFormatAreRejected() {
        assertThatThrownBy(() -> ReplayWindow.fromBytes(new byte[] {9, 0, 0, 0}, 1 << 20, 64))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("Invalid stored replay window");
    }

    @Test
    void windowWiderThanHalfSequenceSpaceIsRejected() {
        assertThatThrownBy(() -> ReplayWindow.empty(MODULUS_4_BITS, 9))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("between 1 and 8");
    }

    /**
     * Compares the window with a model that unwraps every sequence number onto a long number line and remembers
     * every accepted position, over seeded random walks that mostly move forward, sometimes step back and
     * sometimes jump far.
     */
    @Test
    void windowAgreesWithUnwrappedModel() {
        int[] sizes = {1, 5, 63, 64, 65, 100, 128};
        for (int sequenceBits : new int[] {8, 10}) {
            long modulus = 1L << sequenceBits;
            for (int size : sizes) {
                Random random = new Random(31L * sequenceBits + size);
                ReplayWindow window = ReplayWindow.empty(modulus, size);
                UnwrappedModel model = new UnwrappedModel(modulus, size);
                for (int step = 0; step < 20_000; step++) {
                    int sequence = nextSequence(random, model, modulus, size);

                    Verdict expected = model.check(sequence);

                    assertThat(window.check(sequence))
                            .as("n=%d, window %d, step %d, sequence %d", sequenceBits, size, step, sequence)
                            .isEqualTo(expected);
                    if (expected == Verdict.NEW) {
                        window.accept(sequence);
                        model.accept(sequence);
                    }
                    if (step % 997 == 0) {
                        window = ReplayWindow.fromBytes(window.toBytes(), modulus, size);
                    }
                }
            }
        }
    }

    private static int nextSequence(Random random, UnwrappedModel model, long modulus, int size) {
        long base = model.highest;
        int choice = random.nextInt(10);
        long offset;
        if (choice < 5) {
            offset = 1 + random.nextInt(3);
        } else if (choice < 8) {
            offset = -random.nextInt(size + 3);
        } else {
            offset = random.nextInt((int) modulus);
        }
        return (int) Math.floorMod(base + offset, modulus);
    }

    /** The reference: positions on an unwrapped number line, every accepted one remembered for good. */
    private static final class UnwrappedModel {
        private final long modulus;
        private final int size;
        private final Set<Long> accepted = new HashSet<>();
        private long highest;
        private boolean empty = true;

        UnwrappedModel(long modulus, int size) {
            this.modulus = modulus;
            this.size = size;
        }

        Verdict check(int sequence) {
            if (empty) {
                return Verdict.NEW;
            }
            long position = unwrap(sequence);
            if (position > highest) {
                return Verdict.NEW;
            }
            if (highest - position >= size) {
                return Verdict.TOO_OLD;
            }
            return accepted.contains(position) ? Verdict.DUPLICATE : Verdict.NEW;
        }

        void accept(int sequence) {
            long position = empty ? sequence : unwrap(sequence);
            empty = false;
            accepted.add(position);
            highest = Math.max(highest, position);
        }

        /** Places the sequence at the position nearest the highest, newer when it is less than half the space ahead. */
        private long unwrap(int sequence) {
            long difference = Math.floorMod(sequence - highest, modulus);
            return difference < modulus / 2 ? highest + difference : highest + difference - modulus;
        }
    }
}
