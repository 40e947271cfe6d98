package dev.eaas.loadgen.load;

import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.Collectors;

/**
 * The payload size of each round trip: one fixed size ({@code 1024}), sizes drawn uniformly from a range
 * ({@code 512..4096}, both ends included) or drawn from a list with equal chances ({@code 256,1024,4096}).
 */
public final class PayloadSizes {

    /**
     * Largest payload: Kafka's default {@code max.request.size} is 1 MiB (1,048,576 bytes), and a frame or
     * envelope adds headers, nonce and tag to the payload, so 1,000,000 bytes leave room for them.
     */
    public static final int MAX_PAYLOAD_BYTES = 1_000_000;

    private final String spec;
    private final int minBytes;
    private final int maxBytes;
    private final int[] choices;

    private PayloadSizes(String spec, int minBytes, int maxBytes, int[] choices) {
        this.spec = spec;
        this.minBytes = minBytes;
        this.maxBytes = maxBytes;
        this.choices = choices;
    }

    /**
     * Parses {@code N}, {@code MIN..MAX} or {@code N,N,...}.
     *
     * @throws IllegalArgumentException naming the value and the accepted forms if it is malformed, a size is
     *     outside 0 to {@link #MAX_PAYLOAD_BYTES}, or MIN is above MAX
     */
    public static PayloadSizes parse(String spec) {
        String trimmed = spec == null ? "" : spec.strip();
        if (trimmed.contains("..")) {
            String[] ends = trimmed.split("\\.\\.", -1);
            if (ends.length != 2) {
                throw invalid(spec, "expected one '..' between two sizes");
            }
            int min = parseSize(spec, ends[0]);
            int max = parseSize(spec, ends[1]);
            if (min > max) {
                throw invalid(spec, "the first size is larger than the second");
            }
            return new PayloadSizes(min + ".." + max, min, max, null);
        }
        if (trimmed.contains(",")) {
            int[] sizes = Arrays.stream(trimmed.split(",", -1)).mapToInt(size -> parseSize(spec, size)).toArray();
            String canonical = Arrays.stream(sizes).mapToObj(Integer::toString).collect(Collectors.joining(","));
            return new PayloadSizes(canonical, Arrays.stream(sizes).min().orElseThrow(),
                    Arrays.stream(sizes).max().orElseThrow(), sizes);
        }
        int size = parseSize(spec, trimmed);
        return new PayloadSizes(Integer.toString(size), size, size, null);
    }

    /** Returns a fixed size. */
    public static PayloadSizes fixed(int sizeBytes) {
        return parse(Integer.toString(sizeBytes));
    }

    /** Returns the next size; the same sequence of {@code random} gives the same sizes. */
    public int next(SplittableRandom random) {
        if (choices != null) {
            return choices[random.nextInt(choices.length)];
        }
        return minBytes == maxBytes ? minBytes : random.nextInt(minBytes, maxBytes + 1);
    }

    public int minBytes() {
        return minBytes;
    }

    public int maxBytes() {
        return maxBytes;
    }

    /** Returns the sizes in the form they were parsed from, without spaces, for reports. */
    public String spec() {
        return spec;
    }

    /** Returns the listed sizes, or an empty list for a fixed size or a range. */
    public List<Integer> choices() {
        return choices == null ? List.of() : Arrays.stream(choices).boxed().toList();
    }

    @Override
    public String toString() {
        return spec;
    }

    private static int parseSize(String spec, String text) {
        int size;
        try {
            size = Integer.parseInt(text.strip());
        } catch (NumberFormatException notANumber) {
            throw invalid(spec, "'" + text.strip() + "' is not a whole number of bytes");
        }
        if (size < 0 || size > MAX_PAYLOAD_BYTES) {
            throw invalid(spec, "sizes must be 0 to " + MAX_PAYLOAD_BYTES + " bytes");
        }
        return size;
    }

    private static IllegalArgumentException invalid(String spec, String reason) {
        return new IllegalArgumentException("Invalid payload sizes '" + spec + "': " + reason
                + ". Expected N, MIN..MAX or N,N,... in bytes");
    }
}
