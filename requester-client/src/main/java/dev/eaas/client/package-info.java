/**
 * The client a microservice links to use the EaaS service: {@link dev.eaas.client.EaasClient#register}
 * registers a subscriber, {@link dev.eaas.client.EaasClient#open} opens a client for it, and
 * {@link dev.eaas.client.Requester} sends encryption, decryption and rewrap requests as frames over Kafka.
 *
 * <p>The public types are {@code EaasClient}, {@code EaasClientConfig}, {@code Registration},
 * {@code Requester}, {@code ClientCounters} and the exceptions; decoys come from the wire contract's
 * {@code dev.eaas.topics.decoy.DecoyGenerator}. Everything else in
 * this package is internal and package-private.
 */
package dev.eaas.client;
