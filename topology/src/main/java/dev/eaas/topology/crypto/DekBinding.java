package dev.eaas.topology.crypto;

import dev.eaas.topics.KeyVersions;
import dev.eaas.topics.SuiteId;
import java.util.Objects;

/**
 * The place a DEK belongs to: one subscriber's unordered pair {low, high} of requesters, one key version and one
 * cipher suite. {@link Kek} authenticates it with every wrapped DEK, so a wrapped DEK copied to another place
 * does not unwrap there.
 *
 * @param subscriber the subscriber id
 * @param low the smaller requester id of the pair
 * @param high the larger requester id of the pair, equal to {@code low} when a requester pairs with itself
 * @param version the key version, at least {@link KeyVersions#FIRST}
 * @param suite the cipher suite the DEK is made for, which fixes the DEK's size
 */
public record DekBinding(int subscriber, int low, int high, int version, SuiteId suite) {

    /**
     * @throws IllegalArgumentException if an id is negative, {@code low > high}, or the version is below
     *         {@link KeyVersions#FIRST}
     */
    public DekBinding {
        Objects.requireNonNull(suite, "suite");
        if (subscriber < 0) {
            throw new IllegalArgumentException("Invalid DEK binding: subscriber " + subscriber + " is negative");
        }
        if (low < 0) {
            throw new IllegalArgumentException("Invalid DEK binding: requester " + low + " is negative");
        }
        if (low > high) {
            throw new IllegalArgumentException("Invalid DEK binding: low " + low + " is above high " + high
                    + "; order the pair with forPair");
        }
        if (version < KeyVersions.FIRST) {
            throw new IllegalArgumentException("Invalid key version " + version + "; versions start at "
                    + KeyVersions.FIRST);
        }
    }

    /** Returns the binding of the pair {requester, pair} in either order. */
    public static DekBinding forPair(int subscriber, int requester, int pair, int version, SuiteId suite) {
        return new DekBinding(subscriber, Math.min(requester, pair), Math.max(requester, pair), version, suite);
    }

    /** Returns a description for messages, such as "subscriber 54, pair {1, 2}, version 1, suite aes-256-gcm". */
    @Override
    public String toString() {
        return "subscriber " + subscriber + ", pair {" + low + ", " + high + "}, version " + version + ", suite "
                + suite.suiteName();
    }
}
