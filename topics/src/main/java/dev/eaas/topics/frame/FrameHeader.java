package dev.eaas.topics.frame;

import dev.eaas.topics.avro.RequestType;

/**
 * The fields of a frame that come before the token. Their widths are the same for every subscriber, so
 * they can be read before anything is known about the sender.
 */
public record FrameHeader(int subscriber, int requester, int sequence, RequestType type, int pair) {
}
