package dev.eaas.topics.frame;

/** Thrown when bytes cannot be read as a frame, for example because they are shorter than its header. */
public final class MalformedFrameException extends RuntimeException {

    public MalformedFrameException(String message) {
        super(message);
    }
}
