package dev.eaas.loadgen.evaluation;

import dev.eaas.loadgen.load.Scenario;
import dev.eaas.topics.decoy.DecoyGenerator;
import dev.eaas.client.EaasClient;
import dev.eaas.client.Registration;
import dev.eaas.topics.TopicCatalogue;
import dev.eaas.topics.avro.RequestType;
import dev.eaas.topics.frame.Frame;
import dev.eaas.topics.frame.FrameCodec;
import dev.eaas.topics.frame.FrameLayout;
import java.io.PrintWriter;
import java.security.SecureRandom;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code eaas attack}: the three attacks on a service chain, simulated against an embedded broker, the EaaS roles
 * and an H2 server, all on 127.0.0.1 in this process.
 */
@Command(name = "attack", mixinStandardHelpOptions = true,
        description = "Simulates an attack on a chain of services on 127.0.0.1 and prints what the attacker got.",
        subcommands = {AttackCommand.ManInTheMiddle.class, AttackCommand.Flood.class, AttackCommand.Eavesdrop.class})
public final class AttackCommand implements Runnable {

    @Spec
    private CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getErr());
    }

    private static final int SUBSCRIBER = 7;
    private static final int OTHER_SUBSCRIBER = 8;

    /** A rogue consumer on the chain topic, next to the services, gets what they forward. */
    @Command(name = "mitm", mixinStandardHelpOptions = true,
            description = "A rogue consumer joins the chain topic beside the services and tries to read and decrypt"
                    + " what they forward, under No Encryption and under EaaS.")
    static final class ManInTheMiddle implements Callable<Integer> {
        @Spec
        private CommandSpec spec;

        @Mixin
        private EvaluationOptions options;

        @Override
        public Integer call() throws Exception {
            EvaluationSettings settings = options.settings(spec);
            PrintWriter out = spec.commandLine().getOut();
            try (PasswordDatabase database = PasswordDatabase.start("orders");
                 ScenarioPipeline pipeline = ScenarioPipeline.start(Scenario.ALPHA, settings.firstDecoysName(), System.err);
                 ChainTransport transport = new ChainTransport(pipeline.bootstrapServers());
                 TrafficCapture rogue = new TrafficCapture(pipeline.bootstrapServers(), FrameLayout.DEFAULT, -1, 0, 0)) {
                EaasClient client = pipeline.openSubscriber(SUBSCRIBER, 2, DecoyGenerator.ofName(settings.firstDecoysName()), settings.hopTimeoutMs());
                EaasClient other = pipeline.openSubscriber(OTHER_SUBSCRIBER, 0, DecoyGenerator.ofName(settings.firstDecoysName()), settings.hopTimeoutMs());
                for (HopProtection protection : List.of(new NoEncryption(),
                        new EaasProtection(client, 0, Scenario.ALPHA.cliName()))) {
                    PasswordDatabase.Account account = database.createAccount();
                    rogue.begin();
                    ServiceChain.Result result = new ServiceChain(protection, transport, database, settings.services(),
                            settings.hopTimeoutMs()).run("mitm-" + protection.mode(), 1, account);
                    List<Candidate> received = rogue.collect(Set.of(), "mitm-" + protection.mode());
                    out.printf("%s: chain completed %s; the rogue consumer received %d records%n", protection.mode(),
                            result.completed(), received.size());
                    for (Candidate record : received) {
                        boolean logsIn = database.logsIn(account.user(), PasswordCandidates.passwordGuess(record.data()));
                        out.printf("  %d bytes, shape %s, its password logs in: %s%n", record.data().length,
                                PasswordCandidates.shape(record.data()), logsIn);
                        if (protection instanceof EaasProtection) {
                            out.printf("    decrypt as requester 9 of the same subscriber: %s%n",
                                    outcome(client.requester(9).decrypt(1, record.data()), settings));
                            out.printf("    decrypt as requester 2 of subscriber %d: %s%n", OTHER_SUBSCRIBER,
                                    outcome(other.requester(2).decrypt(1, record.data()), settings));
                        }
                    }
                    database.dropAccount(account);
                }
            }
            out.flush();
            return 0;
        }
    }

    /** Frames with wrong tokens from many requester ids flood the subscriber's request topic. */
    @Command(name = "flood", mixinStandardHelpOptions = true,
            description = "Sends frames with wrong tokens from many requester ids onto the subscriber's request topic,"
                    + " at a bounded rate and count, then runs the chain and prints what the coordinator dropped.")
    static final class Flood implements Callable<Integer> {
        @Spec
        private CommandSpec spec;

        @Mixin
        private EvaluationOptions options;

        @Option(names = "--frames", defaultValue = "20000", description = "Frames to send (default: ${DEFAULT-VALUE}).")
        private int frames;

        @Option(names = "--frames-per-s", defaultValue = "5000", description = "Sending rate (default: ${DEFAULT-VALUE}).")
        private int framesPerSecond;

        @Option(names = {"-d", "--deception-factor"}, defaultValue = "4",
                description = "Deception factor of the flooded subscriber, 1 to 8 (default: ${DEFAULT-VALUE}).")
        private int deceptionFactorBits;

        @Override
        public Integer call() throws Exception {
            EvaluationSettings settings = options.settings(spec);
            if (frames < 1 || framesPerSecond < 1 || deceptionFactorBits < 1 || deceptionFactorBits > 8) {
                throw new picocli.CommandLine.ParameterException(spec.commandLine(), "Invalid --frames " + frames
                        + ", --frames-per-s " + framesPerSecond + " or -d " + deceptionFactorBits
                        + "; expected at least 1, at least 1, and 1 to 8");
            }
            PrintWriter out = spec.commandLine().getOut();
            try (PasswordDatabase database = PasswordDatabase.start("orders");
                 ScenarioPipeline pipeline = ScenarioPipeline.start(Scenario.ALPHA, settings.firstDecoysName(), System.err);
                 ChainTransport transport = new ChainTransport(pipeline.bootstrapServers())) {
                EaasClient client = pipeline.openSubscriber(SUBSCRIBER, deceptionFactorBits, DecoyGenerator.ofName(settings.firstDecoysName()),
                        settings.hopTimeoutMs());
                double droppedBefore = pipeline.coordinatorCounterTotal("dropped-wrong-token");
                long startNanos = System.nanoTime();
                sendFlood(pipeline.bootstrapServers(), client.registration());
                long floodMs = (System.nanoTime() - startNanos) / 1_000_000;
                PasswordDatabase.Account account = database.createAccount();
                ServiceChain.Result result = new ServiceChain(new EaasProtection(client, 0, Scenario.ALPHA.cliName()),
                        transport, database, settings.services(), settings.hopTimeoutMs()).run("flood", 1, account);
                // The chain's own encryptions send 2^d - 1 decoy frames per hop, which the coordinator drops too.
                long chainDecoys = (long) (settings.services() - 1) * ((1L << deceptionFactorBits) - 1);
                double dropped = pipeline.coordinatorCounterTotal("dropped-wrong-token") - droppedBefore;
                out.printf("flood: %d frames with wrong tokens from %d requester ids in %d ms%n", frames,
                        Math.min(frames, FrameLayout.DEFAULT.maxRequester()), floodMs);
                out.printf("coordinator dropped-wrong-token: %.0f (flood %d plus the chain's own %d decoys)%n", dropped,
                        frames, chainDecoys);
                out.printf("legitimate chain completed after the flood: %s%s%n", result.completed(),
                        result.failure() == null ? "" : " (" + result.failure() + ")");
                database.dropAccount(account);
            }
            out.flush();
            return 0;
        }

        private void sendFlood(String bootstrapServers, Registration registration) {
            FrameCodec codec = new FrameCodec(FrameLayout.DEFAULT);
            SecureRandom random = new SecureRandom();
            String topic = TopicCatalogue.requestTopic(registration.subscriber(), registration.coordinator());
            long intervalNanos = 1_000_000_000L / framesPerSecond;
            try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(Map.of(
                    ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers, ProducerConfig.LINGER_MS_CONFIG, 5),
                    new StringSerializer(), new ByteArraySerializer())) {
                long next = System.nanoTime();
                for (int i = 0; i < frames; i++) {
                    // A wrong token: any d-bit value but the subscriber's.
                    int wrong = (registration.token() + 1 + random.nextInt(registration.framesPerRequest() - 1))
                            % registration.framesPerRequest();
                    int requester = 1 + i % FrameLayout.DEFAULT.maxRequester();
                    byte[] data = new byte[64];
                    random.nextBytes(data);
                    producer.send(new ProducerRecord<>(topic, Integer.toString(requester), codec.encode(new Frame(
                            registration.subscriber(), requester, i % 1000, RequestType.ENCRYPT, 1, wrong,
                            registration.deceptionFactorBits(), data))));
                    next += intervalNanos;
                    LockSupport.parkNanos(next - System.nanoTime());
                }
                producer.flush();
            }
        }
    }

    /** The blind and smart adversaries against the chain under EaaS at one deception factor. */
    @Command(name = "eavesdrop", mixinStandardHelpOptions = true,
            description = "Runs the chain under EaaS scenario alpha while a compromised pod reads the subscriber's"
                    + " request and reply topics and the chain topic, and prints each adversary's guesses.")
    static final class Eavesdrop implements Callable<Integer> {
        @Spec
        private CommandSpec spec;

        @Mixin
        private EvaluationOptions options;

        @Option(names = {"-d", "--deception-factor"}, defaultValue = "3",
                description = "Deception factor, 0 to 8 (default: ${DEFAULT-VALUE}).")
        private int deceptionFactorBits;

        @Override
        public Integer call() throws Exception {
            EvaluationSettings settings = options.settings(spec);
            PrintWriter out = spec.commandLine().getOut();
            try (PasswordDatabase database = PasswordDatabase.start("orders");
                 ScenarioPipeline pipeline = ScenarioPipeline.start(Scenario.ALPHA, settings.firstDecoysName(), System.err);
                 ChainTransport transport = new ChainTransport(pipeline.bootstrapServers())) {
                EaasClient client = pipeline.openSubscriber(SUBSCRIBER, deceptionFactorBits, DecoyGenerator.ofName(settings.firstDecoysName()),
                        settings.hopTimeoutMs());
                ServiceChain chain = new ServiceChain(new EaasProtection(client, settings.fallbackRawAfterMs(),
                        Scenario.ALPHA.cliName()), transport, database, settings.services(), settings.hopTimeoutMs());
                try (TrafficCapture capture = new TrafficCapture(pipeline.bootstrapServers(), client.config().frameLayout(),
                        client.registration().subscriber(), client.registration().coordinator(), deceptionFactorBits)) {
                    AttemptRunner runner = new AttemptRunner(chain, capture, database, settings.adversaries(),
                            settings.services());
                    for (int attempt = 1; attempt <= settings.attempts(); attempt++) {
                        AttemptRunner.Result result = runner.run();
                        out.printf("attempt %d: chain completed %s, candidates seen %d", attempt,
                                result.chain().completed(), result.candidates().size());
                        for (int i = 0; i < result.outcomes().size(); i++) {
                            Adversary.Outcome outcome = result.outcomes().get(i);
                            out.printf("; %s: %d guesses, password found %s", settings.adversaries().get(i).name(),
                                    outcome.guessesUsed(), outcome.found());
                        }
                        out.println();
                    }
                }
            }
            out.flush();
            return 0;
        }
    }

    private static String outcome(java.util.concurrent.CompletableFuture<byte[]> decryption, EvaluationSettings settings)
            throws InterruptedException {
        try {
            decryption.get(settings.hopTimeoutMs() * 2, TimeUnit.MILLISECONDS);
            return "decrypted (the attack worked)";
        } catch (ExecutionException failure) {
            return "failed: " + failure.getCause().getMessage();
        } catch (java.util.concurrent.TimeoutException failure) {
            return "no reply in time";
        }
    }
}
