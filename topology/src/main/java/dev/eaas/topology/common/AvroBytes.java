package dev.eaas.topology.common;

import java.nio.ByteBuffer;

/** Reads Avro {@code bytes} fields, which generated classes expose as {@link ByteBuffer}s. */
public final class AvroBytes {

    private AvroBytes() {
    }

    /** Returns a copy of the buffer's remaining bytes without moving its position; null gives an empty array. */
    public static byte[] of(ByteBuffer buffer) {
        if (buffer == null) {
            return new byte[0];
        }
        ByteBuffer view = buffer.duplicate();
        byte[] out = new byte[view.remaining()];
        view.get(out);
        return out;
    }

    /**
     * Returns the buffer's remaining bytes, without a copy when they are exactly its backing array, as in a buffer
     * Avro has just deserialized. The caller must not modify the result.
     */
    public static byte[] readOnly(ByteBuffer buffer) {
        if (buffer != null && buffer.hasArray() && buffer.arrayOffset() == 0 && buffer.position() == 0
                && buffer.remaining() == buffer.array().length) {
            return buffer.array();
        }
        return of(buffer);
    }
}
