package dev.eaas.loadgen.evaluation;

import dev.eaas.client.EaasClient;
import dev.eaas.client.EaasClientConfig;
import dev.eaas.client.Registration;
import dev.eaas.loadgen.EmbeddedPipeline;
import dev.eaas.loadgen.load.Scenario;
import dev.eaas.topics.decoy.DecoyGenerator;
import dev.eaas.topology.common.ServiceConfig;
import dev.eaas.topology.service.EaasService;
import dev.eaas.topology.service.Role;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * An embedded broker and every EaaS role in this process, plus the further instances of a {@link Scenario}, with
 * clients of the subscribers registered on it. {@link #close()} stops them all and deletes their state.
 */
public final class ScenarioPipeline implements AutoCloseable {

    /** Partitions of each subscriber's request and reply topics, so up to this many coordinator replicas share them. */
    public static final int SUBSCRIBER_PARTITIONS = 6;

    private final Scenario scenario;
    private final EmbeddedPipeline pipeline;
    private final List<EaasClient> clients = new ArrayList<>();

    private ScenarioPipeline(Scenario scenario, EmbeddedPipeline pipeline) {
        this.scenario = scenario;
        this.pipeline = pipeline;
    }

    /**
     * Starts the broker, the roles and the scenario's further instances, and waits until all run.
     *
     * @param decoysName the decoy generator of the coordinators' decryption replies, a {@link DecoyGenerator#names()}
     */
    public static ScenarioPipeline start(Scenario scenario, String decoysName, PrintStream progress)
            throws InterruptedException, TimeoutException {
        long startMs = System.currentTimeMillis();
        EmbeddedPipeline pipeline = EmbeddedPipeline.start(null, EnumSet.allOf(Role.class),
                Map.of(ServiceConfig.DECEPTION_DECOYS, decoysName), scenario.additionalInstances());
        progress.printf("[evaluation] scenario %s: broker at %s, %d further instances, decoys %s, ready in %d ms%n",
                scenario.cliName(), pipeline.bootstrapServers(), scenario.additionalInstances().size(), decoysName,
                System.currentTimeMillis() - startMs);
        return new ScenarioPipeline(scenario, pipeline);
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

    /** Returns the sum of a coordinator counter over every coordinator instance. */
    public double coordinatorCounterTotal(String event) {
        double total = pipeline.service().counterTotal(Role.COORDINATOR, event);
        for (EaasService instance : pipeline.additionalServices()) {
            total += instance.counterTotal(Role.COORDINATOR, event);
        }
        return total;
    }

    @Override
    public void close() {
        clients.forEach(EaasClient::close);
        pipeline.close();
    }
}
