package dev.eaas.topology.common;

import dev.eaas.topics.avro.CryptoResult;
import dev.eaas.topics.avro.KeyLease;
import dev.eaas.topics.avro.KeyRequest;
import dev.eaas.topics.avro.PairKey;

/**
 * Keys the key managers lent one coordinator process, and the work the coordinator does with them. A coordinator
 * that has a lease for a pair serves the pair's requests itself, with one Kafka hop per operation instead of four.
 * The implementation lives with the cryptor, where the KEK and the cipher code are, so the coordinator handles no key
 * material itself.
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

    /** Takes in a lease that arrived with a result of the pair. */
    void install(PairKey pair, KeyLease lease, long nowMs);

    /** Returns a new server for one stream task. */
    Server server();

    /** Serves requests with lent keys; one per stream task. */
    interface Server {

        /**
         * Returns the result of the request served with a lent key, or null when the request must go the full way
         * through a key manager and a cryptor.
         */
        CryptoResult serve(PairKey pair, KeyRequest request, long nowMs);
    }
}
