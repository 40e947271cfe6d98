package dev.eaas.topology.common;

/** Tells whether a topic exists, so a processor can avoid writing to a missing one, and how many partitions it has. */
@FunctionalInterface
public interface TopicCheck extends AutoCloseable {

    /** Returns whether the topic exists. */
    boolean exists(String topic);

    /**
     * Returns the partition count of an existing topic. A check that cannot tell throws, so a processor that needs
     * the count never runs on a guess.
     *
     * @throws UnsupportedOperationException if this check does not look up partition counts
     */
    default int partitionCount(String topic) {
        throw new UnsupportedOperationException("This topic check does not look up the partition count of " + topic);
    }

    @Override
    default void close() {
        // Most checks hold nothing to release.
    }
}
