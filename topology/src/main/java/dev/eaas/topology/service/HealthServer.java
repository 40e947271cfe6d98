package dev.eaas.topology.service;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.eaas.topology.common.ServiceConfig;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.Inet6Address;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.apache.kafka.streams.KafkaStreams;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * HTTP endpoints for Kubernetes probes, computed from the states of the roles' Kafka Streams instances.
 *
 * <p>{@code GET /livez} returns 503 only when a role has failed and restarting the process is the remedy: its
 * instance is in ERROR or PENDING_ERROR, or it is stopping or stopped (PENDING_SHUTDOWN, NOT_RUNNING) although the
 * service has not been closed. The service closes its roles only in {@link EaasService#close()}, which stops this
 * server first. An unreachable broker, a rebalance or a restoration keeps an instance in REBALANCING, which is live.
 *
 * <p>{@code GET /readyz} returns 200 only while every role is RUNNING and nothing else blocks the service: no store
 * is being restored from its changelog and the brokers respond.
 *
 * <p>{@code GET /metrics} returns the service's metrics in the Prometheus text format ({@link ServiceMetrics}).
 *
 * <p>Every path accepts HEAD as well. Other methods get 405 and other paths 404. Bodies are plain text.
 */
final class HealthServer implements AutoCloseable {

    static final String LIVENESS_PATH = "/livez";
    static final String READINESS_PATH = "/readyz";
    static final String METRICS_PATH = "/metrics";
    private static final String TEXT = "text/plain; charset=utf-8";

    private static final Logger LOG = LoggerFactory.getLogger(HealthServer.class);
    private static final int HANDLER_THREADS = 2;
    private static final Set<KafkaStreams.State> FAILED_STATES = EnumSet.of(KafkaStreams.State.ERROR,
            KafkaStreams.State.PENDING_ERROR, KafkaStreams.State.PENDING_SHUTDOWN, KafkaStreams.State.NOT_RUNNING);

    private final HttpServer server;
    private final ExecutorService handlers;

    private HealthServer(HttpServer server, ExecutorService handlers) {
        this.server = server;
        this.handlers = handlers;
    }

    /**
     * Starts listening.
     *
     * @param states the state of each role's instance by role name, in the order to report them. A null state means
     *     that the role has not been started yet.
     * @param blockers returns what keeps the service from being ready although its roles run, such as a store being
     *     restored; empty when nothing does
     * @param metrics returns the metrics in the Prometheus text format
     * @throws UncheckedIOException if the address cannot be bound, for example because the port is in use
     */
    static HealthServer start(String bindAddress, int port, Supplier<Map<String, KafkaStreams.State>> states,
                              Supplier<List<String>> blockers, Supplier<String> metrics) {
        InetSocketAddress address = new InetSocketAddress(bindAddress, port);
        if (address.isUnresolved()) {
            throw new IllegalArgumentException("Invalid " + ServiceConfig.HEALTH_BIND_ADDRESS + " " + bindAddress
                    + "; it must be an IP address or a host name of this machine");
        }
        HttpServer server;
        try {
            server = HttpServer.create(address, 0);
        } catch (IOException failure) {
            throw new UncheckedIOException("Failed to listen for health probes on " + bindAddress + ":" + port + ": "
                    + failure.getMessage() + ". Free the port, or set " + ServiceConfig.HEALTH_PORT + " to another port or to -1 to turn"
                    + " the endpoints off.", failure);
        }
        ExecutorService handlers = Executors.newFixedThreadPool(HANDLER_THREADS, daemonThreads());
        server.setExecutor(handlers);
        server.createContext("/", exchange -> handle(exchange, states, blockers, metrics));
        server.start();
        HealthServer started = new HealthServer(server, handlers);
        LOG.info("Health endpoints {} and {} and metrics {} listening on http://{}", LIVENESS_PATH, READINESS_PATH,
                METRICS_PATH, hostAndPort(server.getAddress()));
        return started;
    }

    /** Returns the port the server listens on, which differs from the configured one when that was 0. */
    int port() {
        return server.getAddress().getPort();
    }

    @Override
    public void close() {
        server.stop(0);
        handlers.shutdownNow();
        LOG.info("Health endpoints stopped");
    }

    private static void handle(HttpExchange exchange, Supplier<Map<String, KafkaStreams.State>> states,
                               Supplier<List<String>> blockers, Supplier<String> metrics) throws IOException {
        try (exchange) {
            String method = exchange.getRequestMethod();
            String path = exchange.getRequestURI().getPath();
            Response response;
            if (!path.equals(LIVENESS_PATH) && !path.equals(READINESS_PATH) && !path.equals(METRICS_PATH)) {
                response = new Response(404, "Not found; the endpoints are " + LIVENESS_PATH + ", " + READINESS_PATH
                        + " and " + METRICS_PATH);
            } else if (!method.equals("GET") && !method.equals("HEAD")) {
                exchange.getResponseHeaders().set("Allow", "GET, HEAD");
                response = new Response(405, "Method " + method + " not allowed; use GET or HEAD");
            } else if (path.equals(METRICS_PATH)) {
                response = metricsResponse(metrics);
            } else {
                response = probeResponse(path, states, blockers);
            }
            send(exchange, response, method.equals("HEAD"));
        }
    }

    private static Response metricsResponse(Supplier<String> metrics) {
        try {
            return new Response(200, metrics.get(), ServiceMetrics.CONTENT_TYPE);
        } catch (RuntimeException failure) {
            LOG.warn("Failed to read the metrics", failure);
            return new Response(500, "Failed to read the metrics: " + failure);
        }
    }

    private static Response probeResponse(String path, Supplier<Map<String, KafkaStreams.State>> states,
                                          Supplier<List<String>> blockers) {
        try {
            return path.equals(LIVENESS_PATH) ? liveness(states.get()) : readiness(states.get(), blockers.get());
        } catch (RuntimeException failure) {
            LOG.warn("Failed to read the roles' states for {}", path, failure);
            return new Response(500, "Failed to read the roles' states: " + failure);
        }
    }

    /** Returns 200, or 503 naming each role whose instance has failed, with its state. */
    static Response liveness(Map<String, KafkaStreams.State> states) {
        List<String> failed = new ArrayList<>();
        states.forEach((role, state) -> {
            if (state != null && FAILED_STATES.contains(state)) {
                failed.add(role + " " + state);
            }
        });
        if (failed.isEmpty()) {
            return new Response(200, "ok");
        }
        return new Response(503, "failed: " + String.join(", ", failed));
    }

    /**
     * Returns 200 if every role is RUNNING and nothing blocks the service, else 503 with one line per role giving its
     * state, then one line per blocker.
     */
    static Response readiness(Map<String, KafkaStreams.State> states, List<String> blockers) {
        boolean ready = !states.isEmpty() && blockers.isEmpty();
        List<String> lines = new ArrayList<>();
        for (Map.Entry<String, KafkaStreams.State> role : states.entrySet()) {
            KafkaStreams.State state = role.getValue();
            ready &= state == KafkaStreams.State.RUNNING;
            lines.add(role.getKey() + " " + (state == null ? "NOT_STARTED" : state.name()));
        }
        lines.addAll(blockers);
        if (ready) {
            return new Response(200, "ok");
        }
        return new Response(503, "not ready:\n" + String.join("\n", lines));
    }

    private static void send(HttpExchange exchange, Response response, boolean headOnly) throws IOException {
        String text = response.body().endsWith("\n") ? response.body() : response.body() + "\n";
        byte[] body = text.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", response.contentType());
        exchange.getResponseHeaders().set("Cache-Control", "no-store");
        if (headOnly) {
            exchange.sendResponseHeaders(response.status(), -1);
            return;
        }
        exchange.sendResponseHeaders(response.status(), body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }

    private static String hostAndPort(InetSocketAddress address) {
        String host = address.getAddress().getHostAddress();
        if (address.getAddress() instanceof Inet6Address) {
            host = "[" + host + "]";
        }
        return host + ":" + address.getPort();
    }

    private static ThreadFactory daemonThreads() {
        AtomicInteger count = new AtomicInteger();
        return runnable -> {
            Thread thread = new Thread(runnable, "eaas-health-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }

    /** Status code and plain-text body of a probe's response. */
    record Response(int status, String body, String contentType) {
        Response(int status, String body) {
            this(status, body, TEXT);
        }
    }
}
