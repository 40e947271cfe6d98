package dev.eaas.topology.common;

/** Tells whether a topic exists, so a processor can avoid writing to a missing one. */
@FunctionalInterface
public interface TopicCheck extends AutoCloseable {

    /** Returns whether the topic exists. */
    boolean exists(String topic);

    @Override
    default void close() {
        // Most checks hold nothing to release.
    }
}
