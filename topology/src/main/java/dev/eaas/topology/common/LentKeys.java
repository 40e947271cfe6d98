package dev.eaas.topology.common;

import dev.eaas.topics.avro.CryptoResult;
import dev.eaas.topics.avro.KeyLease;
import dev.eaas.topics.avro.KeyRequest;
import dev.eaas.topics.avro.PairKey;

/**
 * Keys the key managers lent one coordinator process, and the work the coordinator does with them. A coordinator
 * that has a lease for a pair serves the pair's requests itself, so an operation writes two records instead of five.
 * The implementation lives with the cryptor, where the KEK and the cipher code are, so the coordinator's code uses
 * no key material directly, although its process has the KEK and its stream threads unwrap lent keys.
 *
 * <p>Thread-safe: the coordinator's request and result processors may run on different stream threads. A
 * {@link Server} is not, and each stream task has its own.
 */
public interface LentKeys {

    /**
     * Returns the encryption usage to request a lease for with a request of the pair that goes the full way, or 0
     * to request no lease. Records the lease request, so the requests in flight meanwhile make no other.
     */
    long leaseUsageToRequest(PairKey pair, long nowMs);

    /**
     * Takes in what a result of the pair brings: the lease, if it carries one, and the end of the pair's lease
     * request in flight, since the result of the request that made it may carry none.
     *
     * @param lease the result's lease, or null
     * @return whether a lease was taken in; false for none, one that has already ended, and one taken in before
     */
    boolean resultArrived(PairKey pair, KeyLease lease, long nowMs);

    /**
     * Returns a new server for one stream task.
     *
     * @param logPrefix starts the server's log lines, such as {@code [coordinator 1 0_1]}
     */
    Server server(String logPrefix);

    /** Serves requests with lent keys; one per stream task. */
    interface Server {

        /**
         * Returns the result of the request served with a lent key, or null when the request must go the full way
         * through a key manager and a cryptor.
         */
        CryptoResult serve(PairKey pair, KeyRequest request, long nowMs);
    }
}
