package dev.eaas.client;

import dev.eaas.topics.avro.RequestType;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableSet;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;

/**
 * The requests of one client that wait for a reply or a resend: allocates their sequence numbers, matches
 * replies to them, schedules resends and fails them at their deadline or when the client closes.
 *
 * <p>Time is passed in by the caller, in milliseconds of a monotonic clock, so the table can be tested
 * without waiting. Every method is thread-safe. Futures are completed after the table's lock is released,
 * so a callback may send another request. Callbacks run on the thread that called the table.
 *
 * <h2>Sequence numbers</h2>
 * Each requester has its own counter, starting at 0 and wrapping modulo 2^n of the frame layout. Every
 * attempt takes the next number, so a resend never reuses the number of the attempt it replaces. A number
 * stays in flight from its attempt until a reply for it arrives or the request ends. When the next number
 * is still in flight, all 2^n numbers are, and the new request fails rather than reuse it.
 */
final class PendingRequestTable {

    private static final Comparator<PendingRequest> BY_DEADLINE =
            Comparator.comparingLong((PendingRequest request) -> request.deadlineMs).thenComparingLong(request -> request.id);
    private static final Comparator<PendingRequest> BY_RESEND_TIME =
            Comparator.comparingLong((PendingRequest request) -> request.resendAtMs).thenComparingLong(request -> request.id);

    private final Registration registration;
    private final String bootstrapServers;
    private final long sequenceModulus;
    private final long timeoutMs;
    private final long retryBackoffMs;
    private final long retryBackoffMaxMs;
    private final Counters counters;

    /** Every request that has not completed, ordered by deadline. */
    private final NavigableSet<PendingRequest> active = new TreeSet<>(BY_DEADLINE);
    /** Requests whose latest attempt waits for a reply, by {@link #key(int, int)} of requester and sequence. */
    private final Map<Long, PendingRequest> inFlight = new HashMap<>();
    /** Requests waiting to be resent after a retriable error, ordered by when the resend is due. */
    private final NavigableSet<PendingRequest> awaitingResend = new TreeSet<>(BY_RESEND_TIME);
    private final Map<Integer, Integer> nextSequences = new HashMap<>();
    private long nextId;
    private boolean closed;

    PendingRequestTable(EaasClientConfig config, Registration registration, Counters counters) {
        this.registration = registration;
        this.bootstrapServers = config.bootstrapServers();
        this.sequenceModulus = config.frameLayout().sequenceModulus();
        this.timeoutMs = config.requestTimeoutMs();
        this.retryBackoffMs = config.retryBackoffMs();
        this.retryBackoffMaxMs = config.retryBackoffMaxMs();
        this.counters = counters;
    }

    /**
     * Adds a request and returns its first attempt, with the requester's next sequence number. The request
     * fails with a timeout {@code requestTimeoutMs} after {@code nowMs} unless it completes earlier.
     *
     * @throws EaasClientClosedException if {@link #close()} was called
     * @throws EaasException if the requester's next sequence number is still in flight
     */
    synchronized Attempt add(int requester, RequestType type, int pair, byte[] data,
                             CompletableFuture<byte[]> result, long nowMs) {
        if (closed) {
            throw new EaasClientClosedException("The EaaS client of subscriber " + registration.subscriber()
                    + " is closed; open a new client to send requests");
        }
        PendingRequest request = new PendingRequest(nextId++, requester, type, pair, data, result, nowMs + timeoutMs);
        Attempt attempt = startAttempt(request);
        active.add(request);
        return attempt;
    }

    /**
     * Removes the in-flight attempt with this requester and sequence number and returns its request, or
     * returns null if no attempt of that type and pair is in flight. A second reply to the same attempt
     * therefore returns null, and so does a late reply to an earlier use of a wrapped sequence number
     * unless its type and pair happen to match.
     */
    synchronized PendingRequest take(int requester, int sequence, RequestType type, int pair) {
        long key = key(requester, sequence);
        PendingRequest request = inFlight.get(key);
        if (request == null || request.type != type || request.pair != pair) {
            return null;
        }
        inFlight.remove(key);
        return request;
    }

    /** Completes a request with the service's result, unless it already ended. Returns whether it did. */
    boolean complete(PendingRequest request, byte[] data) {
        synchronized (this) {
            if (!finish(request)) {
                return false;
            }
        }
        request.result.complete(data);
        return true;
    }

    /**
     * Handles an error reply to a request's latest attempt. A retriable error schedules a resend after a
     * backoff of {@code retryBackoffMs}, doubling with each attempt up to {@code retryBackoffMaxMs}, if the
     * resend is due before the deadline. Otherwise the request fails with the error.
     */
    void fail(PendingRequest request, EaasRequestException error, long nowMs) {
        EaasRequestException failure = error;
        synchronized (this) {
            if (!active.contains(request)) {
                return;
            }
            if (error.retriable()) {
                long resendAtMs = nowMs + backoffAfter(request.attempts);
                if (resendAtMs < request.deadlineMs) {
                    request.lastError = error;
                    request.resendAtMs = resendAtMs;
                    awaitingResend.add(request);
                    return;
                }
                failure = new EaasRequestException(error.code(), error.getMessage() + " (attempt " + request.attempts
                        + "; no further resend fits the " + timeoutMs + " ms request timeout)", error);
            }
            finish(request);
        }
        counters.errors.increment();
        request.result.completeExceptionally(failure);
    }

    /**
     * Fails a request because one of its attempts could not be sent. Nothing happens if the request already
     * ended or has moved on to a later attempt.
     */
    void failAttempt(Attempt attempt, EaasException failure) {
        PendingRequest request = attempt.request();
        synchronized (this) {
            if (request.attempts != attempt.number() || !finish(request)) {
                return;
            }
        }
        counters.errors.increment();
        request.result.completeExceptionally(failure);
    }

    /**
     * Returns the resends due at {@code nowMs}, each with a new sequence number. A request whose new number
     * is still in flight fails instead.
     */
    List<Attempt> takeDueResends(long nowMs) {
        List<Attempt> due = new ArrayList<>();
        Map<PendingRequest, EaasException> failed = new HashMap<>();
        synchronized (this) {
            while (!awaitingResend.isEmpty() && awaitingResend.first().resendAtMs <= nowMs) {
                PendingRequest request = awaitingResend.pollFirst();
                request.resendAtMs = -1;
                try {
                    due.add(startAttempt(request));
                } catch (EaasException noFreeSequence) {
                    finish(request);
                    failed.put(request, noFreeSequence);
                }
            }
        }
        failed.forEach((request, failure) -> {
            counters.errors.increment();
            request.result.completeExceptionally(failure);
        });
        return due;
    }

    /** Fails every request whose deadline is at or before {@code nowMs} with an {@link EaasTimeoutException}. */
    void expireDue(long nowMs) {
        List<PendingRequest> expired = new ArrayList<>();
        synchronized (this) {
            while (!active.isEmpty() && active.first().deadlineMs <= nowMs) {
                PendingRequest request = active.first();
                finish(request);
                expired.add(request);
            }
        }
        for (PendingRequest request : expired) {
            counters.timeouts.increment();
            request.result.completeExceptionally(timeoutFailure(request));
        }
    }

    /** Fails every request with an {@link EaasClientClosedException} and rejects requests added later. */
    void close() {
        List<PendingRequest> remaining;
        synchronized (this) {
            closed = true;
            remaining = new ArrayList<>(active);
            active.clear();
            inFlight.clear();
            awaitingResend.clear();
        }
        for (PendingRequest request : remaining) {
            request.result.completeExceptionally(new EaasClientClosedException(request.describe(request.sequence)
                    + " failed because the EaaS client of subscriber " + registration.subscriber()
                    + " was closed before a reply came"));
        }
    }

    /** Returns the number of requests that have not completed. */
    synchronized int size() {
        return active.size();
    }

    private Attempt startAttempt(PendingRequest request) {
        int sequence = nextSequences.getOrDefault(request.requester, 0);
        long key = key(request.requester, sequence);
        if (inFlight.containsKey(key)) {
            throw new EaasException("No free sequence number for requester " + request.requester + ": sequence "
                    + sequence + " still waits for its reply, so all " + sequenceModulus + " sequence numbers are"
                    + " in use. Wait for pending requests to complete, or give the frame layout more sequence bits"
                    + " on the service and every client");
        }
        nextSequences.put(request.requester, (int) ((sequence + 1L) % sequenceModulus));
        inFlight.put(key, request);
        request.sequence = sequence;
        request.attempts++;
        return new Attempt(request, sequence, request.attempts);
    }

    /** Removes a request from every index; returns false if it had already ended. Requires the lock. */
    private boolean finish(PendingRequest request) {
        if (!active.remove(request)) {
            return false;
        }
        inFlight.remove(key(request.requester, request.sequence), request);
        if (request.resendAtMs >= 0) {
            awaitingResend.remove(request);
            request.resendAtMs = -1;
        }
        return true;
    }

    private long backoffAfter(int attempts) {
        long backoffMs = retryBackoffMs;
        for (int attempt = 1; attempt < attempts && backoffMs < retryBackoffMaxMs; attempt++) {
            backoffMs *= 2;
        }
        return Math.min(backoffMs, retryBackoffMaxMs);
    }

    private EaasTimeoutException timeoutFailure(PendingRequest request) {
        String message = request.describe(request.sequence) + " timed out: no reply within " + timeoutMs
                + " ms. Check that coordinator " + registration.coordinator() + " of subscriber "
                + registration.subscriber() + " is running and reachable at bootstrap servers " + bootstrapServers
                + ", or raise requestTimeoutMs";
        if (request.lastError != null) {
            message += ". An earlier attempt failed with " + request.lastError.code();
        }
        return new EaasTimeoutException(message, timeoutMs, request.lastError);
    }

    private static long key(int requester, int sequence) {
        return ((long) requester << 32) | (sequence & 0xFFFFFFFFL);
    }
}
