package dev.eaas.client;

/**
 * A snapshot of one client's counters since it was opened. Each value is read separately, so a snapshot
 * taken while requests run may be off by the requests in progress.
 *
 * @param requestsSent requests handed to the producer, counting every resend; an encryption request counts
 *     once however many frames it has
 * @param framesSent request frames handed to the producer, decoys included
 * @param retries resends after a retriable error reply
 * @param repliesReceived reply records read from the reply topic, including decoys and replies for others
 * @param decoyRepliesIgnored decryption reply frames dropped because their token is not the subscriber's
 * @param repliesIgnored other reply records dropped: replies for other requesters, unknown or already
 *     completed sequences, duplicates, and records that are not frames of this subscriber
 * @param timeouts requests that failed because no reply came before their deadline
 * @param errors requests that failed for any other reason than a timeout or closing the client: an error
 *     reply, a failed send, or no free sequence number
 */
public record ClientCounters(long requestsSent, long framesSent, long retries, long repliesReceived,
                             long decoyRepliesIgnored, long repliesIgnored, long timeouts, long errors) {
}
