package dev.eaas.topology.coordinator;

import java.nio.ByteBuffer;
import java.util.Arrays;

/**
 * The anti-replay window of one requester: the highest sequence number accepted so far and a bitmap of which of
 * the {@code sizeSequences} numbers at and below it were accepted, as in the sliding window of IPsec ESP
 * (RFC 4303, section 3.4.3) and DTLS (RFC 6347, section 4.1.2.6).
 *
 * <p>Sequence numbers have n bits and wrap modulo 2^n, so they are compared in serial-number arithmetic
 * (RFC 1982): a number up to 2^(n-1) - 1 steps ahead of the highest counts as newer, and every other number as
 * older. A wrap from 2^n - 1 to 0 is therefore one step forward and never looks like a duplicate.
 *
 * <p>Known limits, both inherent to an n-bit counter without a rotating secret:
 * <ul>
 *   <li>A number more than {@code sizeSequences - 1} steps behind the highest is {@link Verdict#TOO_OLD}, whether
 *       it was ever seen or not.</li>
 *   <li>After the requester has moved 2^(n-1) or more numbers past a captured frame, that frame counts as newer
 *       again and is accepted once more. The token never changes, so only wider sequence numbers
 *       ({@code frame.sequence.bits}) push this further away.</li>
 * </ul>
 *
 * <p>Instances are not thread-safe; each belongs to the task that processes the requester's partition.
 */
final class ReplayWindow {

    /** The verdict of the window on a sequence number. */
    enum Verdict {
        /** Never accepted and inside or ahead of the window: serve it, then {@link #accept} it. */
        NEW,
        /** Accepted before: a replay or a duplicate. */
        DUPLICATE,
        /** Behind the window, so it cannot be distinguished from a replay. */
        TOO_OLD
    }

    /** First byte of the stored form; a later layout gets another value. */
    private static final byte FORMAT_VERSION = 1;
    private static final int STORED_HEADER_BYTES = 1 + 1 + 4 + 4;

    private final long sequenceModulus;
    private final int sizeSequences;
    /** Bit i is set when the number {@code highest - i} (modulo 2^n) was accepted. */
    private final long[] seen;
    private boolean empty;
    private int highest;

    private ReplayWindow(long sequenceModulus, int sizeSequences) {
        if (sizeSequences < 1 || sizeSequences > sequenceModulus / 2) {
            throw new IllegalArgumentException("Invalid replay window of " + sizeSequences + " sequences; it must be"
                    + " between 1 and " + sequenceModulus / 2 + ", half the sequence numbers");
        }
        this.sequenceModulus = sequenceModulus;
        this.sizeSequences = sizeSequences;
        this.seen = new long[(sizeSequences + 63) / 64];
        this.empty = true;
    }

    /** Returns a window that has accepted nothing, so any number is {@link Verdict#NEW}. */
    static ReplayWindow empty(long sequenceModulus, int sizeSequences) {
        return new ReplayWindow(sequenceModulus, sizeSequences);
    }

    /**
     * Reads a window stored by {@link #toBytes()}. A window stored with another size keeps the bits that fit the
     * new size, so a smaller window drops the oldest numbers and a larger one starts its extra bits as unseen.
     *
     * @throws IllegalArgumentException if the bytes are not a stored window
     */
    static ReplayWindow fromBytes(byte[] stored, long sequenceModulus, int sizeSequences) {
        if (stored.length < STORED_HEADER_BYTES || stored[0] != FORMAT_VERSION) {
            throw new IllegalArgumentException("Invalid stored replay window of " + stored.length + " bytes");
        }
        ByteBuffer buffer = ByteBuffer.wrap(stored);
        buffer.get();
        boolean storedEmpty = buffer.get() != 0;
        int storedHighest = buffer.getInt();
        int storedSize = buffer.getInt();
        int storedWords = (storedSize + 63) / 64;
        if (storedSize < 1 || buffer.remaining() != storedWords * Long.BYTES) {
            throw new IllegalArgumentException("Invalid stored replay window of " + stored.length + " bytes for "
                    + storedSize + " sequences");
        }

        ReplayWindow window = new ReplayWindow(sequenceModulus, sizeSequences);
        window.empty = storedEmpty;
        window.highest = (int) Math.floorMod((long) storedHighest, sequenceModulus);
        for (int word = 0; word < storedWords; word++) {
            long bits = buffer.getLong();
            if (word < window.seen.length) {
                window.seen[word] = bits;
            }
        }
        window.clearBitsBeyondSize();
        return window;
    }

    /** Returns the verdict on {@code sequence}, without changing the window. */
    Verdict check(int sequence) {
        if (empty) {
            return Verdict.NEW;
        }
        long ahead = stepsAhead(sequence);
        if (ahead > 0) {
            return Verdict.NEW;
        }
        long behind = -ahead;
        if (behind >= sizeSequences) {
            return Verdict.TOO_OLD;
        }
        return isSet((int) behind) ? Verdict.DUPLICATE : Verdict.NEW;
    }

    /**
     * Records {@code sequence} as accepted, sliding the window forward when it is newer than the highest.
     *
     * @throws IllegalStateException unless {@link #check} returns {@link Verdict#NEW} for it
     */
    void accept(int sequence) {
        Verdict verdict = check(sequence);
        if (verdict != Verdict.NEW) {
            throw new IllegalStateException("Sequence " + sequence + " is " + verdict + ", not NEW");
        }
        if (empty) {
            empty = false;
            highest = sequence;
            set(0);
            return;
        }
        long ahead = stepsAhead(sequence);
        if (ahead > 0) {
            shiftBy(ahead);
            highest = sequence;
            set(0);
        } else {
            set((int) -ahead);
        }
    }

    /** Returns the sequence number after the highest accepted, the first that is sure to be new. */
    int nextSequence() {
        return empty ? 0 : (int) ((highest + 1L) % sequenceModulus);
    }

    /** Returns the stored form: format version, empty flag, highest, size, then the bitmap words. */
    byte[] toBytes() {
        ByteBuffer buffer = ByteBuffer.allocate(STORED_HEADER_BYTES + seen.length * Long.BYTES);
        buffer.put(FORMAT_VERSION);
        buffer.put((byte) (empty ? 1 : 0));
        buffer.putInt(highest);
        buffer.putInt(sizeSequences);
        for (long word : seen) {
            buffer.putLong(word);
        }
        return buffer.array();
    }

    /**
     * Returns how many steps {@code sequence} lies ahead of the highest in serial-number arithmetic: 1 to
     * 2^(n-1) - 1 for newer numbers, and 0 or a negative distance for the highest and older ones. A number exactly
     * 2^(n-1) away, which RFC 1982 leaves undefined, counts as older.
     */
    private long stepsAhead(int sequence) {
        long difference = Math.floorMod((long) sequence - highest, sequenceModulus);
        return difference < sequenceModulus / 2 ? difference : difference - sequenceModulus;
    }

    private boolean isSet(int bit) {
        return (seen[bit >>> 6] & (1L << (bit & 63))) != 0;
    }

    private void set(int bit) {
        seen[bit >>> 6] |= 1L << (bit & 63);
    }

    /** Moves every bit {@code steps} places toward the old end, dropping those that fall out of the window. */
    private void shiftBy(long steps) {
        if (steps >= sizeSequences) {
            Arrays.fill(seen, 0L);
            return;
        }
        int wordShift = (int) (steps >>> 6);
        int bitShift = (int) (steps & 63);
        for (int word = seen.length - 1; word >= 0; word--) {
            int source = word - wordShift;
            long bits = 0L;
            if (source >= 0) {
                bits = seen[source] << bitShift;
                if (bitShift != 0 && source > 0) {
                    bits |= seen[source - 1] >>> (64 - bitShift);
                }
            }
            seen[word] = bits;
        }
        clearBitsBeyondSize();
    }

    private void clearBitsBeyondSize() {
        int usedBitsInLastWord = sizeSequences & 63;
        if (usedBitsInLastWord != 0) {
            seen[seen.length - 1] &= (1L << usedBitsInLastWord) - 1;
        }
    }
}
