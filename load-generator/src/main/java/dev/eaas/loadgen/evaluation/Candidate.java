package dev.eaas.loadgen.evaluation;

/**
 * One piece of data an adversary captured and may try as a password source.
 *
 * @param source the topic kind it was read from
 * @param data the frame's data, or the chain record's value
 * @param arrivalIndex position in the order the adversary read it, from 0
 */
public record Candidate(Source source, byte[] data, int arrivalIndex) {

    /** The topic kind a compromised pod read a candidate from. */
    public enum Source {
        /** A frame on the subscriber's request topic. */
        REQUEST,
        /** A frame on the subscriber's reply topic. */
        REPLY,
        /** A record on the topic that carries the chain's documents from one service to the next. */
        CHAIN
    }
}
