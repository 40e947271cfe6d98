package dev.eaas.loadgen.evaluation;

import dev.eaas.client.EaasClient;
import dev.eaas.client.EaasClientConfig;
import dev.eaas.client.Registration;
import dev.eaas.loadgen.EmbeddedPipeline;
import dev.eaas.topics.decoy.DecoyGenerator;
import dev.eaas.topology.common.ServiceConfig;
import dev.eaas.topology.service.EaasService;
import dev.eaas.topology.service.Role;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Stream;

/**
 * An embedded broker and every EaaS role in this process, plus the extra replicas of a {@link Scenario}, with
 * clients of the subscribers registered on it. {@link #close()} stops them all and deletes their state.
 */
public final class ScenarioPipeline implements AutoCloseable {

    /** Partitions of each subscriber's request and reply topics, so up to this many coordinator replicas share them. */
    public static final int SUBSCRIBER_PARTITIONS = 6;

    private final Scenario scenario;
    private final EmbeddedPipeline pipeline;
    private final List<EaasService> extras = new ArrayList<>();
    private final List<Path> extraStateDirs = new ArrayList<>();
    private final List<EaasClient> clients = new ArrayList<>();

    private ScenarioPipeline(Scenario scenario, EmbeddedPipeline pipeline) {
        this.scenario = scenario;
        this.pipeline = pipeline;
    }

    /** Starts the broker, the roles and the scenario's extra replicas, and waits until all run. */
    public static ScenarioPipeline start(Scenario scenario, PrintStream progress)
            throws InterruptedException, TimeoutException {
        long startMs = System.currentTimeMillis();
        EmbeddedPipeline pipeline = EmbeddedPipeline.start(null, EnumSet.allOf(Role.class), Map.of());
        ScenarioPipeline started = new ScenarioPipeline(scenario, pipeline);
        try {
            for (int i = 0; i < scenario.extraReplicaSets(); i++) {
                started.startExtra(scenario.extraRoles(i));
            }
            for (EaasService extra : started.extras) {
                extra.awaitRunning(EmbeddedPipeline.START_TIMEOUT_MS);
            }
        } catch (RuntimeException | InterruptedException | TimeoutException failure) {
            started.close();
            throw failure;
        }
        progress.printf("[evaluation] scenario %s: broker at %s, %d extra replica sets, ready in %d ms%n",
                scenario.cliName(), pipeline.bootstrapServers(), scenario.extraReplicaSets(),
                System.currentTimeMillis() - startMs);
        return started;
    }

    private void startExtra(Set<Role> roles) {
        try {
            Path stateDir = Files.createTempDirectory("eaas-evaluation-state-");
            extraStateDirs.add(stateDir);
            Map<String, Object> values = new HashMap<>();
            values.put(ServiceConfig.BOOTSTRAP_SERVERS, pipeline.bootstrapServers());
            values.put(ServiceConfig.STATE_DIR, stateDir.toString());
            values.put(ServiceConfig.KEK_FILE, pipeline.throwawayKekFile().toString());
            EaasService service = new EaasService(new ServiceConfig(values), roles);
            extras.add(service);
            service.start();
        } catch (IOException failure) {
            throw new UncheckedIOException("Failed to create a state folder for an extra replica", failure);
        }
    }

    /**
     * Registers a subscriber, opens its client and sends one round trip, so that the coordinator already reads the
     * subscriber's request topic when the first attempt starts.
     */
    public EaasClient openSubscriber(int subscriber, int deceptionFactorBits, DecoyGenerator decoys, long timeoutMs)
            throws Exception {
        EaasClientConfig config = EaasClientConfig.builder()
                .bootstrapServers(pipeline.bootstrapServers())
                .requestTimeoutMs(timeoutMs)
                .topicPartitions(SUBSCRIBER_PARTITIONS)
                .decoyGenerator(decoys)
                .build();
        Registration registration = EaasClient.register(config, subscriber, deceptionFactorBits);
        EaasClient client = EaasClient.open(config, registration);
        clients.add(client);
        byte[] probe = "warm-up".getBytes(StandardCharsets.UTF_8);
        byte[] ciphertext = client.requester(1).encrypt(2, probe).get(timeoutMs * 3, TimeUnit.MILLISECONDS);
        byte[] decrypted = client.requester(2).decrypt(1, ciphertext).get(timeoutMs * 3, TimeUnit.MILLISECONDS);
        if (!Arrays.equals(probe, decrypted)) {
            throw new IllegalStateException("The warm-up round trip of subscriber " + subscriber
                    + " decrypted to other bytes than it encrypted");
        }
        return client;
    }

    public String bootstrapServers() {
        return pipeline.bootstrapServers();
    }

    public Scenario scenario() {
        return scenario;
    }

    /** Returns the pipeline's own roles, the first instance of each. */
    public EaasService service() {
        return pipeline.service();
    }

    /** Returns the sum of a coordinator counter over every coordinator replica. */
    public double coordinatorCounterTotal(String event) {
        double total = pipeline.service().counterTotal(Role.COORDINATOR, event);
        for (EaasService extra : extras) {
            total += extra.counterTotal(Role.COORDINATOR, event);
        }
        return total;
    }

    @Override
    public void close() {
        clients.forEach(EaasClient::close);
        extras.forEach(EaasService::close);
        pipeline.close();
        for (Path stateDir : extraStateDirs) {
            try (Stream<Path> paths = Files.walk(stateDir)) {
                paths.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
            } catch (IOException failure) {
                System.err.println("[evaluation] Failed to delete " + stateDir + ": " + failure);
            }
        }
    }
}
