package dev.eaas.topology.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.streams.KafkaStreams.State;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The health endpoints over HTTP on 127.0.0.1, computed from role states that each test sets. */
class HealthServerTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(10);
    private static final String METRICS = "# TYPE eaas_test_total counter\neaas_test_total 3.0\n";

    private final AtomicReference<Map<String, State>> states = new AtomicReference<>(Map.of());
    private final AtomicReference<List<String>> blockers = new AtomicReference<>(List.of());
    private final HttpClient client = HttpClient.newBuilder().connectTimeout(TIMEOUT).build();
    private HealthServer server;

    @BeforeEach
    void startServer() {
        server = HealthServer.start("127.0.0.1", 0, states::get, blockers::get, () -> METRICS);
    }

    @AfterEach
    void stopServer() {
        server.close();
    }

    @Test
    void livezIsOkWhileRebalancing() throws Exception {
        states.set(roles(State.RUNNING, State.REBALANCING, State.CREATED, null));

        HttpResponse<String> response = get("/livez");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).isEqualTo("ok\n");
        assertThat(response.headers().firstValue("Content-Type")).hasValue("text/plain; charset=utf-8");
    }

    @Test
    void livezNamesFailedRoles() throws Exception {
        states.set(roles(State.RUNNING, State.ERROR, State.PENDING_ERROR, State.REBALANCING));

        HttpResponse<String> response = get("/livez");

        assertThat(response.statusCode()).isEqualTo(503);
        assertThat(response.body()).isEqualTo("failed: coordinator ERROR, key-manager PENDING_ERROR\n");
    }

    @Test
    void livezFailsWhenRoleStopped() throws Exception {
        states.set(roles(State.RUNNING, State.RUNNING, State.NOT_RUNNING, State.PENDING_SHUTDOWN));

        HttpResponse<String> response = get("/livez");

        assertThat(response.statusCode()).isEqualTo(503);
        assertThat(response.body()).isEqualTo("failed: key-manager NOT_RUNNING, cryptor PENDING_SHUTDOWN\n");
    }

    @Test
    void readyzIsOkWhenAllRunning() throws Exception {
        states.set(roles(State.RUNNING, State.RUNNING, State.RUNNING, State.RUNNING));

        HttpResponse<String> response = get("/readyz");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).isEqualTo("ok\n");
    }

    @Test
    void readyzListsEveryRoleState() throws Exception {
        states.set(roles(State.RUNNING, State.CREATED, State.REBALANCING, null));

        HttpResponse<String> response = get("/readyz");

        assertThat(response.statusCode()).isEqualTo(503);
        assertThat(response.body()).isEqualTo("not ready:\nregistrar RUNNING\ncoordinator CREATED\n"
                + "key-manager REBALANCING\ncryptor NOT_STARTED\n");
    }

    @Test
    void readyzFailsWithoutRoles() throws Exception {
        states.set(Map.of());

        HttpResponse<String> response = get("/readyz");

        assertThat(response.statusCode()).isEqualTo(503);
    }

    @Test
    void headReturnsStatusWithoutBody() throws Exception {
        states.set(roles(State.RUNNING, State.REBALANCING, State.RUNNING, State.RUNNING));

        HttpResponse<String> response = send(HttpRequest.newBuilder(uri("/readyz"))
                .method("HEAD", HttpRequest.BodyPublishers.noBody()));

        assertThat(response.statusCode()).isEqualTo(503);
        assertThat(response.body()).isEmpty();
    }

    @Test
    void unknownPathIsNotFound() throws Exception {
        assertThat(get("/metricz").statusCode()).isEqualTo(404);
        assertThat(get("/livez/extra").statusCode()).isEqualTo(404);
        assertThat(get("/").statusCode()).isEqualTo(404);
    }

    @Test
    void queryStringIsIgnored() throws Exception {
        states.set(roles(State.RUNNING, State.RUNNING, State.RUNNING, State.RUNNING));

        assertThat(get("/readyz?verbose").statusCode()).isEqualTo(200);
    }

    @Test
    void readyzFailsWhileBlocked() throws Exception {
        states.set(roles(State.RUNNING, State.RUNNING, State.RUNNING, State.RUNNING));
        blockers.set(List.of("key-manager restoring 2 store partition(s) from their changelogs"));

        HttpResponse<String> response = get("/readyz");

        assertThat(response.statusCode()).isEqualTo(503);
        assertThat(response.body()).contains("key-manager RUNNING")
                .contains("key-manager restoring 2 store partition(s)");
    }

    @Test
    void livezIgnoresBlockers() throws Exception {
        states.set(roles(State.RUNNING, State.RUNNING, State.RUNNING, State.RUNNING));
        blockers.set(List.of("brokers unreachable (no response yet; last failure none)"));

        assertThat(get("/livez").statusCode()).isEqualTo(200);
    }

    @Test
    void metricsReturnsPrometheusText() throws Exception {
        HttpResponse<String> response = get("/metrics");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).isEqualTo(METRICS);
        assertThat(response.headers().firstValue("Content-Type")).hasValue(ServiceMetrics.CONTENT_TYPE);
    }

    @Test
    void postIsNotAllowed() throws Exception {
        HttpResponse<String> response = send(HttpRequest.newBuilder(uri("/livez"))
                .POST(HttpRequest.BodyPublishers.ofString("x")));

        assertThat(response.statusCode()).isEqualTo(405);
        assertThat(response.headers().firstValue("Allow")).hasValue("GET, HEAD");
    }

    @Test
    void failingStateSupplierReturns500() throws Exception {
        states.set(null);

        HttpResponse<String> response = get("/livez");

        assertThat(response.statusCode()).isEqualTo(500);
        assertThat(response.body()).startsWith("Failed to read the roles' states");
    }

    @Test
    void portInUseIsRejected() {
        int usedPort = server.port();

        assertThatThrownBy(() -> HealthServer.start("127.0.0.1", usedPort, states::get, blockers::get, () -> METRICS))
                .isInstanceOf(UncheckedIOException.class)
                .hasMessageContaining("127.0.0.1:" + usedPort)
                .hasMessageContaining("health.port");
    }

    @Test
    void unresolvableAddressIsRejected() {
        assertThatThrownBy(() -> HealthServer.start("no-such-host.invalid", 0, states::get, blockers::get, () -> METRICS))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("health.bind.address no-such-host.invalid");
    }

    /** Returns the states of registrar, coordinator, key-manager and cryptor, in that order. Null means not started. */
    private static Map<String, State> roles(State registrar, State coordinator, State keyManager, State cryptor) {
        Map<String, State> roles = new LinkedHashMap<>();
        roles.put("registrar", registrar);
        roles.put("coordinator", coordinator);
        roles.put("key-manager", keyManager);
        roles.put("cryptor", cryptor);
        return roles;
    }

    private HttpResponse<String> get(String path) throws IOException, InterruptedException {
        return send(HttpRequest.newBuilder(uri(path)).GET());
    }

    private HttpResponse<String> send(HttpRequest.Builder request) throws IOException, InterruptedException {
        return client.send(request.timeout(TIMEOUT).build(), HttpResponse.BodyHandlers.ofString());
    }

    private URI uri(String path) {
        return URI.create("http://127.0.0.1:" + server.port() + path);
    }
}
