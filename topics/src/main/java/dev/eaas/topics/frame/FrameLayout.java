package dev.eaas.topics.frame;

/**
 * The field widths of a deployment's request frames: s bits of subscriber id, r bits of requester id
 * (also used for the pair field) and n bits of sequence number.
 *
 * <p>The widths are fixed for a deployment and every producer and consumer of frames must use the same
 * values. The token width t is not part of the layout: it is the deception factor of each subscriber,
 * chosen at registration.
 *
 * @param subscriberBits s, 1 to 31
 * @param requesterBits r, 1 to 31
 * @param sequenceBits n, 1 to 31
 */
public record FrameLayout(int subscriberBits, int requesterBits, int sequenceBits) {

    /** Largest width of any field, so every value fits a non-negative {@code int}. */
    public static final int MAX_FIELD_BITS = 31;

    /** Largest token width, and so the largest deception factor a frame can carry. */
    public static final int MAX_TOKEN_BITS = 16;

    /** The widths of the worked example (Figure 6) in Javadpour et al., "Improving the Security of Service Mesh in Kubernetes": s=8, r=5, n=12. */
    public static final FrameLayout PAPER_EXAMPLE = new FrameLayout(8, 5, 12);

    /** Default widths: 65,536 subscribers, 65,536 requesters each, sequence numbers wrapping at 2^20. */
    public static final FrameLayout DEFAULT = new FrameLayout(16, 16, 20);

    public FrameLayout {
        requireWidth("subscriber", subscriberBits);
        requireWidth("requester", requesterBits);
        requireWidth("sequence", sequenceBits);
    }

    /** Returns the number of header bits before the token: s + r + n + 1 + r. */
    public int fixedHeaderBits() {
        return subscriberBits + requesterBits + sequenceBits + 1 + requesterBits;
    }

    /** Returns the number of whole bytes that hold the header with a token of {@code tokenBits}. */
    public int headerBytes(int tokenBits) {
        return (fixedHeaderBits() + tokenBits + 7) / 8;
    }

    /** Returns the largest subscriber id this layout can carry. */
    public int maxSubscriber() {
        return maxValue(subscriberBits);
    }

    /** Returns the largest requester or pair id this layout can carry. */
    public int maxRequester() {
        return maxValue(requesterBits);
    }

    /** Returns the number of distinct sequence numbers, 2^n; sequences wrap modulo this value. */
    public long sequenceModulus() {
        return 1L << sequenceBits;
    }

    static int maxValue(int bits) {
        return (int) ((1L << bits) - 1);
    }

    private static void requireWidth(String field, int bits) {
        if (bits < 1 || bits > MAX_FIELD_BITS) {
            throw new IllegalArgumentException("Invalid width " + bits + " for field '" + field
                    + "'; it must be between 1 and " + MAX_FIELD_BITS + " bits");
        }
    }
}
