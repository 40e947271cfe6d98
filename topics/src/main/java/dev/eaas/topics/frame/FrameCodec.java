package dev.eaas.topics.frame;

import dev.eaas.topics.avro.RequestType;

/**
 * Encodes and decodes the bit-packed frames that requesters and coordinators exchange.
 *
 * <h2>Wire format</h2>
 * Fields are written most significant bit first, in this order, with no gaps:
 * <pre>
 *   subscriber  s bits   the subscriber id
 *   requester   r bits   the requester id
 *   sequence    n bits   per-requester counter, wraps modulo 2^n
 *   type        1 bit    0 = encrypt, 1 = decrypt
 *   pair        r bits   the other end of the communication
 *   token       t bits   present only where {@link Frame#requestTokenBits} or {@link Frame#replyTokenBits} requires it
 *   (padding)            zero bits up to the next byte boundary
 *   data        rest     whole bytes
 * </pre>
 * s, r and n are the deployment's {@link FrameLayout}; t is the subscriber's deception factor d. The
 * padding length follows from the widths, so a frame has no length field: the data is everything after
 * the header's last byte. For example, with s=16, r=16, n=20 and d=2 an encrypt request has a
 * 71-bit header, so its data starts at byte 9.
 *
 * <p>A client in another language produces a request by packing these bits into bytes and sending them as
 * the record value (the key is free; the Java client uses the requester id) to its subscriber's request
 * topic named in {@code TopicCatalogue}.
 *
 * <p>Instances are immutable and thread-safe.
 */
public final class FrameCodec {

    private final FrameLayout layout;

    public FrameCodec(FrameLayout layout) {
        this.layout = layout;
    }

    public FrameLayout layout() {
        return layout;
    }

    /**
     * Encodes a frame.
     *
     * @throws FieldOverflowException if a field's value is negative or does not fit its width
     */
    public byte[] encode(Frame frame) {
        int headerBytes = layout.headerBytes(frame.tokenBits());
        byte[] out = new byte[headerBytes + frame.data().length];
        BitWriter writer = new BitWriter(out);
        writer.write("subscriber", frame.subscriber(), layout.subscriberBits());
        writer.write("requester", frame.requester(), layout.requesterBits());
        writer.write("sequence", frame.sequence(), layout.sequenceBits());
        writer.write("type", frame.type().ordinal(), 1);
        writer.write("pair", frame.pair(), layout.requesterBits());
        writer.write("token", frame.token(), frame.tokenBits());
        System.arraycopy(frame.data(), 0, out, headerBytes, frame.data().length);
        return out;
    }

    /**
     * Reads the fields before the token. A coordinator calls this first, looks up the subscriber and then
     * calls {@link #decode(byte[], FrameHeader, int)} with the subscriber's token width.
     *
     * @throws MalformedFrameException if the bytes are shorter than the fixed header
     */
    public FrameHeader decodeHeader(byte[] bytes) {
        int fixedBits = layout.fixedHeaderBits();
        if ((long) bytes.length * 8 < fixedBits) {
            throw new MalformedFrameException("Frame of " + bytes.length + " bytes is too short to hold a header of "
                    + fixedBits + " bits (s=" + layout.subscriberBits() + ", r=" + layout.requesterBits()
                    + ", n=" + layout.sequenceBits() + ")");
        }
        BitReader reader = new BitReader(bytes);
        int subscriber = reader.read(layout.subscriberBits());
        int requester = reader.read(layout.requesterBits());
        int sequence = reader.read(layout.sequenceBits());
        RequestType type = reader.read(1) == 0 ? RequestType.ENCRYPT : RequestType.DECRYPT;
        int pair = reader.read(layout.requesterBits());
        return new FrameHeader(subscriber, requester, sequence, type, pair);
    }

    /**
     * Reads the token and the data of a frame whose fixed fields were read with {@link #decodeHeader}.
     *
     * @throws MalformedFrameException if the bytes are shorter than the header with a token of {@code tokenBits}
     */
    public Frame decode(byte[] bytes, FrameHeader header, int tokenBits) {
        int headerBytes = layout.headerBytes(tokenBits);
        if (bytes.length < headerBytes) {
            throw new MalformedFrameException("Frame of " + bytes.length + " bytes is too short to hold a header of "
                    + headerBytes + " bytes with a " + tokenBits + "-bit token");
        }
        BitReader reader = new BitReader(bytes);
        reader.skip(layout.fixedHeaderBits());
        int token = reader.read(tokenBits);
        byte[] data = new byte[bytes.length - headerBytes];
        System.arraycopy(bytes, headerBytes, data, 0, data.length);
        return new Frame(header.subscriber(), header.requester(), header.sequence(), header.type(), header.pair(),
                token, tokenBits, data);
    }

    /**
     * Reads only the token of a frame whose fixed fields were read with {@link #decodeHeader}, without copying
     * the data, so a frame with a wrong token costs a few bit operations.
     *
     * @throws MalformedFrameException if the bytes are shorter than the header with a token of {@code tokenBits}
     */
    public int decodeToken(byte[] bytes, int tokenBits) {
        int headerBytes = layout.headerBytes(tokenBits);
        if (bytes.length < headerBytes) {
            throw new MalformedFrameException("Frame of " + bytes.length + " bytes is too short to hold a header of "
                    + headerBytes + " bytes with a " + tokenBits + "-bit token");
        }
        BitReader reader = new BitReader(bytes);
        reader.skip(layout.fixedHeaderBits());
        return reader.read(tokenBits);
    }

    /** Decodes a whole frame whose token width the caller already has. */
    public Frame decode(byte[] bytes, int tokenBits) {
        return decode(bytes, decodeHeader(bytes), tokenBits);
    }

    /** Writes values most significant bit first into a zeroed array. */
    private static final class BitWriter {
        private final byte[] out;
        private long position;

        BitWriter(byte[] out) {
            this.out = out;
        }

        void write(String field, long value, int bits) {
            if (value < 0 || (bits < 63 && value >= 1L << bits)) {
                throw new FieldOverflowException(field, value, bits);
            }
            for (int bit = bits - 1; bit >= 0; bit--) {
                if (((value >>> bit) & 1) != 0) {
                    out[(int) (position >>> 3)] |= (byte) (0x80 >>> (position & 7));
                }
                position++;
            }
        }
    }

    /** Reads values most significant bit first. */
    private static final class BitReader {
        private final byte[] in;
        private long position;

        BitReader(byte[] in) {
            this.in = in;
        }

        void skip(int bits) {
            position += bits;
        }

        int read(int bits) {
            int value = 0;
            for (int i = 0; i < bits; i++) {
                int bit = (in[(int) (position >>> 3)] >>> (7 - (position & 7))) & 1;
                value = (value << 1) | bit;
                position++;
            }
            return value;
        }
    }
}
