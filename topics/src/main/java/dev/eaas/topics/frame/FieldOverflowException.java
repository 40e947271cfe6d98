package dev.eaas.topics.frame;

/** Thrown when a value does not fit the width of its frame field. Nothing is ever truncated. */
public final class FieldOverflowException extends IllegalArgumentException {

    private final String field;
    private final long value;
    private final int widthBits;

    public FieldOverflowException(String field, long value, int widthBits) {
        super("Value " + value + " of field '" + field + "' does not fit its width of " + widthBits
                + " bits; the field holds 0 to " + ((1L << widthBits) - 1));
        this.field = field;
        this.value = value;
        this.widthBits = widthBits;
    }

    public String field() {
        return field;
    }

    public long value() {
        return value;
    }

    public int widthBits() {
        return widthBits;
    }
}
