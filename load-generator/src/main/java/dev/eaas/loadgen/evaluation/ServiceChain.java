package dev.eaas.loadgen.evaluation;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A chain of services that pass a database account along. The first service starts with the account as a JSON
 * document, each service forwards it to the next over the {@link ChainTransport}, protected by a
 * {@link HopProtection}, and each receiver logs in to the database with the password it got.
 *
 * <p>The services of one chain are the requesters {@code firstRequester} to {@code firstRequester + services - 1}.
 */
public final class ServiceChain {

    /** The outcome of one run of the chain. */
    public record Result(boolean completed, int hops, int rawHops, String failure) {
    }

    private static final ObjectMapper JSON = new ObjectMapper();

    private final HopProtection protection;
    private final ChainTransport transport;
    private final PasswordDatabase database;
    private final int services;
    private final long hopTimeoutMs;

    public ServiceChain(HopProtection protection, ChainTransport transport, PasswordDatabase database, int services,
                        long hopTimeoutMs) {
        if (services < 2) {
            throw new IllegalArgumentException("Invalid chain of " + services + " services; a chain needs at least 2");
        }
        this.protection = protection;
        this.transport = transport;
        this.database = database;
        this.services = services;
        this.hopTimeoutMs = hopTimeoutMs;
    }

    /** Returns the JSON document that carries an account, as the first service starts with it. */
    public static byte[] document(PasswordDatabase.Account account) {
        ObjectNode node = JSON.createObjectNode();
        node.put("database", account.database());
        node.put("user", account.user());
        node.put("password", account.password());
        try {
            return JSON.writeValueAsBytes(node);
        } catch (IOException failure) {
            throw new IllegalStateException("Failed to write the account document", failure);
        }
    }

    /** Runs the chain once, blocking until the last service has logged in or a hop has failed. */
    public Result run(String chainId, int firstRequester, PasswordDatabase.Account account) throws InterruptedException {
        byte[] document = document(account);
        int rawHops = 0;
        for (int hop = 0; hop < services - 1; hop++) {
            int sender = firstRequester + hop;
            int receiver = sender + 1;
            try {
                HopProtection.Protected forwarded = await(protection.protect(sender, receiver, document));
                rawHops += forwarded.sealed() ? 0 : 1;
                ChainTransport.Delivery delivery = await(transport.send(chainId + "/" + hop, forwarded.data(),
                        forwarded.sealed()));
                document = delivery.sealed() ? await(protection.open(receiver, sender, delivery.value())) : delivery.value();
                String password = JSON.readTree(document).path("password").asText(null);
                if (password == null || !database.logsIn(account.user(), password)) {
                    return new Result(false, hop + 1, rawHops, "service " + receiver + " failed to log in");
                }
            } catch (ExecutionException failure) {
                return new Result(false, hop + 1, rawHops, "hop " + hop + " failed: " + failure.getCause());
            } catch (TimeoutException failure) {
                return new Result(false, hop + 1, rawHops, "hop " + hop + " timed out after " + hopTimeoutMs + " ms");
            } catch (IOException failure) {
                return new Result(false, hop + 1, rawHops, "service " + receiver + " received no JSON document");
            }
        }
        return new Result(true, services - 1, rawHops, null);
    }

    private <T> T await(CompletableFuture<T> future) throws InterruptedException, ExecutionException, TimeoutException {
        return future.get(hopTimeoutMs, TimeUnit.MILLISECONDS);
    }
}
