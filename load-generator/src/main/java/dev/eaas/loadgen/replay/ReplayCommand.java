package dev.eaas.loadgen.replay;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.eaas.client.EaasClient;
import dev.eaas.client.EaasClientConfig;
import dev.eaas.client.Registration;
import dev.eaas.loadgen.EmbeddedPipeline;
import dev.eaas.loadgen.trace.CallTrace;
import dev.eaas.loadgen.trace.CallTraces;
import dev.eaas.loadgen.trace.InvalidTraceException;
import dev.eaas.loadgen.trace.SyntheticWorkload;
import dev.eaas.topics.decoy.DecoyGenerator;
import dev.eaas.topics.frame.FrameLayout;
import dev.eaas.topology.common.ServiceConfig;
import dev.eaas.topology.service.Role;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import org.apache.kafka.common.config.ConfigException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code eaas replay}: replays a call trace through the service and checks every round trip. */
@Command(name = "replay", mixinStandardHelpOptions = true,
        description = "Replays a microservice call trace through EaaS and checks every round trip: for every call, the"
                + " caller encrypts a payload for the callee and the callee decrypts it. Without --bootstrap-servers it"
                + " starts a Kafka broker and every EaaS role in this process. Prints progress on standard error, then"
                + " a summary, and writes the summary as JSON. Exits with 1 if any call failed.")
public final class ReplayCommand implements Callable<Integer> {

    @Spec
    private CommandSpec spec;

    @Option(names = "--trace", paramLabel = "FILE",
            description = "Span CSV (TraceID,SpanID,ParentID,PodName,...) or Alibaba call-graph CSV (traceid,timestamp,rpcid,um,...)."
                    + " Without it, a built-in workload shaped like a microservice application is replayed.")
    private Path traceFile;

    @Option(names = "--synthetic-requests", defaultValue = "200", paramLabel = "N",
            description = "End-to-end requests of the built-in workload, about 20 calls each (default: ${DEFAULT-VALUE}).")
    private int syntheticRequests;

    @Option(names = "--seed", defaultValue = "1", description = "Seed of the built-in workload (default: ${DEFAULT-VALUE}).")
    private long seed;

    @Option(names = "--bootstrap-servers", paramLabel = "HOST:PORT",
            description = "An existing Kafka cluster. Without it, an embedded single-node broker on 127.0.0.1 is started.")
    private String bootstrapServers;

    @Option(names = "--start-service", negatable = true, paramLabel = "BOOLEAN",
            description = "Run every EaaS role in this process (default: yes with the embedded broker, no with"
                    + " --bootstrap-servers, where the service is expected to run already).")
    private Boolean startService;

    @Option(names = "--subscriber", defaultValue = "1", description = "Subscriber id to register (default: ${DEFAULT-VALUE}).")
    private int subscriber;

    @Option(names = {"-d", "--deception-factor"}, defaultValue = "2",
            description = "Deception factor d: every request hides among 2^d frames (default: ${DEFAULT-VALUE}).")
    private int deceptionFactorBits;

    @Option(names = "--decoys", defaultValue = DecoyGenerator.SHAPE_MATCHED, paramLabel = "GENERATOR",
            description = "Decoys of the client's encryption requests and, for the roles started in this process, of the"
                    + " coordinator's decryption replies unless --set " + ServiceConfig.DECEPTION_DECOYS + " is given:"
                    + " shape-matched or uniform-random (default: ${DEFAULT-VALUE}).")
    private String decoys;

    @Option(names = "--payload-bytes", defaultValue = "512", description = "Size of each call's payload (default: ${DEFAULT-VALUE}).")
    private int payloadBytes;

    @Option(names = "--max-in-flight", defaultValue = "128", description = "Calls under way at once (default: ${DEFAULT-VALUE}).")
    private int maxInFlight;

    @Option(names = "--speed", defaultValue = "0",
            description = "Replay at the trace's recorded times divided by this factor (1 = recorded speed); 0 replays"
                    + " as fast as --max-in-flight allows (default: ${DEFAULT-VALUE}).")
    private double speed;

    @Option(names = "--timeout-ms", defaultValue = "30000",
            description = "Time each encryption or decryption may take before it fails (default: ${DEFAULT-VALUE}).")
    private long timeoutMs;

    @Option(names = "--set", paramLabel = "KEY=VALUE",
            description = "A setting of the roles started in this process (see docs/configuration.md), or of Kafka Streams; repeatable.")
    private Map<String, String> serviceSettings = new HashMap<>();

    @Option(names = "--kafka-property", paramLabel = "NAME=VALUE",
            description = "A Kafka client setting of the requesters, such as security.protocol=SSL and the ssl.* settings"
                    + " of a mutual-TLS listener; repeatable.")
    private Map<String, String> kafkaProperties = new HashMap<>();

    @Option(names = "--replication-factor", defaultValue = "1", paramLabel = "COUNT",
            description = "Replication factor of the subscriber topics that registration creates when they are missing;"
                    + " at least the cluster's min.insync.replicas (default: ${DEFAULT-VALUE}).")
    private short replicationFactor;

    @Option(names = "--summary", defaultValue = "target/replay-summary.json", paramLabel = "FILE",
            description = "Where to write the JSON summary (default: ${DEFAULT-VALUE}, relative to the current folder).")
    private Path summaryFile;

    @Override
    public Integer call() throws Exception {
        ServiceConfig settings = validate();
        CallTrace trace = readTrace();
        PrintWriter err = spec.commandLine().getErr();
        err.println("[replay] " + trace.summary());
        err.flush();
        if (trace.calls().isEmpty()) {
            throw new ParameterException(spec.commandLine(), "The trace " + trace.source()
                    + " has no calls between two services; nothing to replay");
        }
        int maxRequester = settings.frameLayout().maxRequester();
        if (trace.services().size() > maxRequester) {
            throw new ParameterException(spec.commandLine(), "The trace has " + trace.services().size()
                    + " services but requester ids have " + settings.frameLayout().requesterBits() + " bits (at most "
                    + maxRequester + "); raise frame.requester.bits");
        }

        boolean runRoles = startService != null ? startService : bootstrapServers == null;
        Set<Role> roles = runRoles ? EnumSet.allOf(Role.class) : EnumSet.noneOf(Role.class);
        long startMs = System.currentTimeMillis();
        Map<String, String> roleSettings = new HashMap<>(serviceSettings);
        roleSettings.putIfAbsent(ServiceConfig.DECEPTION_DECOYS, decoys);
        try (EmbeddedPipeline pipeline = EmbeddedPipeline.start(bootstrapServers, roles, Map.copyOf(roleSettings))) {
            err.printf("[replay] Kafka at %s, %s; ready in %d ms%n", pipeline.bootstrapServers(),
                    runRoles ? "EaaS roles running in this process" : "using the EaaS service already running there",
                    System.currentTimeMillis() - startMs);
            err.flush();
            // The client packs frames with the same widths as the roles, which may come from --set.
            EaasClientConfig config = EaasClientConfig.builder()
                    .bootstrapServers(pipeline.bootstrapServers())
                    .frameLayout(settings.frameLayout())
                    .requestTimeoutMs(timeoutMs)
                    .kafkaProperties(kafkaProperties)
                    .topicReplicationFactor(replicationFactor)
                    .decoyGenerator(DecoyGenerator.ofName(decoys))
                    .build();
            Registration registration = EaasClient.register(config, subscriber, deceptionFactorBits);
            err.printf("[replay] Registered subscriber %d with deception factor %d on coordinator %d%n",
                    registration.subscriber(), registration.deceptionFactorBits(), registration.coordinator());
            err.flush();
            ReplaySummary summary;
            try (EaasClient client = EaasClient.open(config, registration)) {
                warmUp(client, err);
                summary = new ReplayRunner(client, trace,
                        new ReplayRunner.Options(payloadBytes, maxInFlight, speed, 1_000), System.err).run();
            }
            spec.commandLine().getOut().print(summary.describe());
            spec.commandLine().getOut().flush();
            writeJson(summary);
            spec.commandLine().getOut().println("Summary written to " + summaryFile.toAbsolutePath());
            spec.commandLine().getOut().flush();
            return summary.failed() == 0 ? 0 : 1;
        }
    }

    private CallTrace readTrace() throws IOException {
        if (traceFile == null) {
            return SyntheticWorkload.generate(syntheticRequests, seed);
        }
        try {
            return CallTraces.read(traceFile);
        } catch (InvalidTraceException invalid) {
            throw new ParameterException(spec.commandLine(), invalid.getMessage(), invalid, null, traceFile.toString());
        }
    }

    /**
     * Sends one round trip before the replay, so that the measured calls do not include the time a coordinator
     * takes to start reading a new subscriber's request topic (a metadata refresh and a rebalance).
     */
    private void warmUp(EaasClient client, PrintWriter err) throws Exception {
        long startNanos = System.nanoTime();
        byte[] probe = "warm-up".getBytes(java.nio.charset.StandardCharsets.UTF_8);
        byte[] ciphertext = client.requester(1).encrypt(1, probe).get(timeoutMs * 2, java.util.concurrent.TimeUnit.MILLISECONDS);
        byte[] decrypted = client.requester(1).decrypt(1, ciphertext).get(timeoutMs * 2, java.util.concurrent.TimeUnit.MILLISECONDS);
        if (!java.util.Arrays.equals(probe, decrypted)) {
            throw new IllegalStateException("The warm-up round trip decrypted to other bytes than it encrypted;"
                    + " the registration's token is probably wrong, so register the subscriber again");
        }
        err.printf("[replay] Warm-up round trip took %d ms (the coordinator starts reading the subscriber's topics)%n",
                (System.nanoTime() - startNanos) / 1_000_000);
        err.flush();
    }

    /** Checks every option before anything starts, and returns the service settings given with --set. */
    private ServiceConfig validate() {
        if (traceFile != null && !Files.isRegularFile(traceFile)) {
            throw usage(Files.isDirectory(traceFile) ? "Invalid --trace " + traceFile.toAbsolutePath() + ": it is a folder, not a file"
                    : "Trace file not found: " + traceFile.toAbsolutePath());
        }

        requireAtLeast("--synthetic-requests", syntheticRequests, 1);
        requireAtLeast("--payload-bytes", payloadBytes, 0);
        requireAtLeast("--max-in-flight", maxInFlight, 1);
        requireAtLeast("--timeout-ms", timeoutMs, 1);
        requireAtLeast("--replication-factor", replicationFactor, 1);
        try {
            DecoyGenerator.ofName(decoys);
        } catch (IllegalArgumentException unknown) {
            throw usage("Invalid --decoys '" + decoys + "'; expected one of " + DecoyGenerator.names());
        }
        if (speed < 0 || Double.isNaN(speed)) {
            throw usage("Invalid --speed " + speed + "; expected 0 (as fast as possible) or a positive factor");
        }
        if (deceptionFactorBits < 0 || deceptionFactorBits > FrameLayout.MAX_TOKEN_BITS) {
            throw usage("Invalid --deception-factor " + deceptionFactorBits + "; expected 0 to "
                    + FrameLayout.MAX_TOKEN_BITS + ", and at most the service's deception.factor.max.bits");
        }

        ServiceConfig settings;
        try {
            settings = new ServiceConfig(new HashMap<>(serviceSettings));
        } catch (ConfigException invalid) {
            throw usage(invalid.getMessage());
        }
        boolean runRoles = startService != null ? startService : bootstrapServers == null;
        if (runRoles && deceptionFactorBits > settings.maxDeceptionFactorBits()) {
            throw usage("Invalid --deception-factor " + deceptionFactorBits + "; the roles started here allow at most "
                    + settings.maxDeceptionFactorBits() + " (" + ServiceConfig.DECEPTION_FACTOR_MAX_BITS + ")");
        }
        if (subscriber < 0 || subscriber > settings.frameLayout().maxSubscriber()) {
            throw usage("Invalid --subscriber " + subscriber + "; expected 0 to " + settings.frameLayout().maxSubscriber()
                    + " for " + settings.frameLayout().subscriberBits() + "-bit subscriber ids");
        }

        Path summaryTarget = summaryFile.toAbsolutePath();
        if (Files.isDirectory(summaryTarget)) {
            throw usage("Invalid --summary " + summaryTarget + ": it is a folder; name a file");
        }
        for (Path parent = summaryTarget.getParent(); parent != null; parent = parent.getParent()) {
            if (Files.exists(parent) && !Files.isDirectory(parent)) {
                throw usage("Invalid --summary " + summaryTarget + ": " + parent + " is a file, not a folder");
            }
        }
        return settings;
    }

    private void requireAtLeast(String option, long value, long minimum) {
        if (value < minimum) {
            throw usage("Invalid " + option + " " + value + "; expected " + minimum + " or more");
        }
    }

    private ParameterException usage(String message) {
        return new ParameterException(spec.commandLine(), message);
    }

    private void writeJson(ReplaySummary summary) throws IOException {
        Path parent = summaryFile.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(summaryFile.toFile(), summary);
    }
}
