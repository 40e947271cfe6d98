package dev.eaas.client;

import dev.eaas.topics.avro.RequestType;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableSet;
import java.util.Random;
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
 * Each requester has its own counter, which wraps modulo 2^n of the frame layout and starts at a number
 * drawn uniformly from 0 to 2^n - 1 with a {@link SecureRandom}. Without the random start, every new client
 * would reuse the numbers of the previous client of the same requester, and a late reply to that client
 * would complete a new request with another message's result.
 *
 * <p>Every attempt takes the next free number from the counter on, so a resend never reuses the number of
 * the attempt it replaces. A number is in use from its attempt until a reply for it arrives or the request
 * ends. When a request ends without a reply to its latest attempt (a timeout or a failed send), that
 * attempt's number stays in use for one more request timeout, the quarantine, so a late reply to it finds
 * nothing. Numbers are freed out of order, so allocation skips those in use and fails only when all 2^n are.
 *
 * <h2>Agreement with the coordinator's replay window</h2>
 * The coordinator serves each (requester, sequence) once and drops a repeat without a reply. Every attempt,
 * resends included, therefore carries a number the coordinator has not seen from this client. A new client
 * starts at a random number, which may lie behind the coordinator's window for the requester; the coordinator
 * then replies {@code SEQUENCE_TOO_OLD} with its next accepted number, {@link #resynchronize} moves the counter
 * there, and the resend after the usual backoff is served.
 *
 * <p>NOTE: A random start can also land inside the window, behind its highest number, on numbers an earlier
 * client of the requester used. Those requests are dropped as replays and time out, until the counter passes
 * the numbers used. The chance is at most (window size) / 2^n per new client, 1024 / 2^20 with the defaults.
 *
 * <p>NOTE: Replies carry no request id. A late reply to another client instance of the same requester
 * therefore still completes a request of this table when its sequence, type and pair match a request in
 * flight. With n-bit sequences, the probability of that is about (requests in flight) / 2^n per late reply.
 * A reply that arrives after its quarantine can likewise complete a later request that took the number after
 * the counter wrapped. A request id that the service echoes in its replies would remove both cases.
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
    /** How long the number of an attempt that ended without a reply stays in use: the request timeout. */
    private final long quarantineMs;
    private final long retryBackoffMs;
    private final long retryBackoffMaxMs;
    private final Counters counters;

    /** Every request that has not completed, ordered by deadline. */
    private final NavigableSet<PendingRequest> active = new TreeSet<>(BY_DEADLINE);
    /** Requests whose latest attempt waits for a reply, by {@link #key(int, int)} of requester and sequence. */
    private final Map<Long, PendingRequest> inFlight = new HashMap<>();
    /** Requests waiting to be resent after a retriable error, ordered by when the resend is due. */
    private final NavigableSet<PendingRequest> awaitingResend = new TreeSet<>(BY_RESEND_TIME);
    /**
     * Quarantined numbers, by {@link #key(int, int)} of requester and sequence, with the time at which each may
     * be used again. Insertion order is about the order of those times, so expired entries are removed from
     * the front.
     */
    private final Map<Long, Long> quarantinedUntilMs = new LinkedHashMap<>();
    /** The next sequence number to try for each requester. A requester gets a random start on first use. */
    private final Map<Integer, Integer> nextSequences = new HashMap<>();
    private final Random random;
    private long nextId;
    private boolean closed;

    PendingRequestTable(EaasClientConfig config, Registration registration, Counters counters) {
        this(config, registration, counters, new SecureRandom());
    }

    /** Creates a table that draws each requester's first sequence number from {@code random}. */
    PendingRequestTable(EaasClientConfig config, Registration registration, Counters counters, Random random) {
        this.registration = registration;
        this.bootstrapServers = config.bootstrapServers();
        this.sequenceModulus = config.frameLayout().sequenceModulus();
        this.timeoutMs = config.requestTimeoutMs();
        this.quarantineMs = config.requestTimeoutMs();
        this.retryBackoffMs = config.retryBackoffMs();
        this.retryBackoffMaxMs = config.retryBackoffMaxMs();
        this.counters = counters;
        this.random = random;
    }

    /**
     * Adds a request and returns its first attempt, with the requester's next free sequence number. The
     * request fails with a timeout {@code requestTimeoutMs} after {@code nowMs} unless it completes earlier.
     *
     * @throws EaasClientClosedException if {@link #close()} was called
     * @throws EaasException if all 2^n sequence numbers of the requester are held
     */
    synchronized Attempt add(int requester, Operation operation, int pair, byte[] data,
                             CompletableFuture<byte[]> result, long nowMs) {
        if (closed) {
            throw new EaasClientClosedException("The EaaS client of subscriber " + registration.subscriber()
                    + " is closed; open a new client to send requests");
        }
        PendingRequest request = new PendingRequest(nextId++, requester, operation, pair, data, result,
                nowMs + timeoutMs);
        Attempt attempt = startAttempt(request, nowMs);
        active.add(request);
        return attempt;
    }

    /**
     * Removes the in-flight attempt with this requester and sequence number and returns its request, or
     * returns null if no attempt of that frame type and pair is in flight. A second reply to the same attempt
     * therefore returns null, and so does a late reply to a quarantined number. A late reply to an earlier
     * use of a number that is in flight again matches when its type and pair happen to be the same.
     */
    synchronized PendingRequest take(int requester, int sequence, RequestType type, int pair) {
        long key = key(requester, sequence);
        PendingRequest request = inFlight.get(key);
        if (request == null || request.operation.type() != type || request.pair != pair) {
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
     * Fails a request because one of its attempts could not be sent, and quarantines the attempt's number,
     * because some of its frames may have gone out. Nothing happens if the request already ended or has
     * moved on to a later attempt.
     */
    void failAttempt(Attempt attempt, EaasException failure, long nowMs) {
        PendingRequest request = attempt.request();
        synchronized (this) {
            if (request.attempts != attempt.number() || !finishWithoutReply(request, nowMs)) {
                return;
            }
        }
        counters.errors.increment();
        request.result.completeExceptionally(failure);
    }

    /**
     * Returns the resends due at {@code nowMs}, each with a new sequence number. A request for which no
     * number is free fails instead.
     */
    List<Attempt> takeDueResends(long nowMs) {
        List<Attempt> due = new ArrayList<>();
        Map<PendingRequest, EaasException> failed = new HashMap<>();
        synchronized (this) {
            while (!awaitingResend.isEmpty() && awaitingResend.first().resendAtMs <= nowMs) {
                PendingRequest request = awaitingResend.pollFirst();
                request.resendAtMs = -1;
                try {
                    due.add(startAttempt(request, nowMs));
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

    /**
     * Fails every request whose deadline is at or before {@code nowMs} with an {@link EaasTimeoutException},
     * quarantines the number of each attempt still waiting for its reply, and ends expired quarantines.
     */
    void expireDue(long nowMs) {
        List<PendingRequest> expired = new ArrayList<>();
        synchronized (this) {
            while (!active.isEmpty() && active.first().deadlineMs <= nowMs) {
                PendingRequest request = active.first();
                finishWithoutReply(request, nowMs);
                expired.add(request);
            }
            releaseQuarantine(nowMs);
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
            quarantinedUntilMs.clear();
        }
        for (PendingRequest request : remaining) {
            request.result.completeExceptionally(new EaasClientClosedException(request.describe(request.sequence)
                    + " failed because the EaaS client of subscriber " + registration.subscriber()
                    + " was closed before a reply came"));
        }
    }

    /**
     * Moves the requester's counter to {@code nextSequence}, the number the coordinator named in a
     * {@code SEQUENCE_TOO_OLD} reply, so the resend and every later request are new to its replay window. The
     * counter only moves forward in serial-number arithmetic: several replies can name the same number after
     * the counter has passed it, and going back would reuse numbers the coordinator has already seen.
     */
    synchronized void resynchronize(int requester, int nextSequence) {
        Integer current = nextSequences.get(requester);
        long ahead = current == null ? 1 : Math.floorMod((long) nextSequence - current, sequenceModulus);
        if (ahead > 0 && ahead < sequenceModulus / 2) {
            nextSequences.put(requester, nextSequence);
        }
    }

    /** Returns the number of requests that have not completed. */
    synchronized int size() {
        return active.size();
    }

    private Attempt startAttempt(PendingRequest request, long nowMs) {
        int sequence = freeSequence(request.requester, nowMs);
        nextSequences.put(request.requester, (int) ((sequence + 1L) % sequenceModulus));
        inFlight.put(key(request.requester, sequence), request);
        request.sequence = sequence;
        request.attempts++;
        return new Attempt(request, sequence, request.attempts);
    }

    /**
     * Returns the requester's first number, from its counter on, that is neither in flight nor quarantined.
     * Every number skipped is in use, so the search takes at most one step more than the requester has
     * numbers in use, and at most 2^n steps. Requires the lock.
     *
     * @throws EaasException if all 2^n numbers are in use
     */
    private int freeSequence(int requester, long nowMs) {
        releaseQuarantine(nowMs);
        int sequence = nextSequences.computeIfAbsent(requester, unused -> (int) random.nextLong(sequenceModulus));
        for (long step = 0; step < sequenceModulus; step++) {
            long key = key(requester, sequence);
            if (!inFlight.containsKey(key) && !isQuarantined(key, nowMs)) {
                return sequence;
            }
            sequence = (int) ((sequence + 1L) % sequenceModulus);
        }
        throw new EaasException("No free sequence number for requester " + requester + ": all " + sequenceModulus
                + " sequence numbers wait for their replies or are quarantined for " + quarantineMs + " ms after"
                + " their request ended without one. Wait for pending requests to complete, or give the frame"
                + " layout more sequence bits on the service and every client");
    }

    private boolean isQuarantined(long key, long nowMs) {
        Long untilMs = quarantinedUntilMs.get(key);
        if (untilMs == null) {
            return false;
        }
        if (untilMs > nowMs) {
            return true;
        }
        quarantinedUntilMs.remove(key);
        return false;
    }

    /** Removes expired entries from the front of the quarantine. Requires the lock. */
    private void releaseQuarantine(long nowMs) {
        Iterator<Long> untilTimes = quarantinedUntilMs.values().iterator();
        while (untilTimes.hasNext() && untilTimes.next() <= nowMs) {
            untilTimes.remove();
        }
    }

    /**
     * Ends a request that got no reply to its latest attempt, and quarantines that attempt's number if it
     * was still in flight. Returns false if the request had already ended. Requires the lock.
     */
    private boolean finishWithoutReply(PendingRequest request, long nowMs) {
        long key = key(request.requester, request.sequence);
        boolean attemptInFlight = inFlight.get(key) == request;
        if (!finish(request)) {
            return false;
        }
        if (attemptInFlight) {
            quarantinedUntilMs.put(key, nowMs + quarantineMs);
        }
        return true;
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
                + ", or raise the request timeout";
        if (request.lastError != null) {
            message += ". An earlier attempt failed with " + request.lastError.code();
        }
        return new EaasTimeoutException(message, timeoutMs, request.lastError);
    }

    private static long key(int requester, int sequence) {
        return ((long) requester << 32) | (sequence & 0xFFFFFFFFL);
    }
}
