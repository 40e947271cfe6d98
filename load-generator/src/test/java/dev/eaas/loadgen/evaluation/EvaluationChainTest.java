package dev.eaas.loadgen.evaluation;

import static org.assertj.core.api.Assertions.assertThat;

import dev.eaas.client.EaasClient;
import dev.eaas.loadgen.attack.PayloadDistinguisher;
import dev.eaas.loadgen.load.Scenario;
import dev.eaas.topics.decoy.DecoyGenerator;
import dev.eaas.topics.frame.FrameLayout;
import java.io.PrintStream;
import java.io.OutputStream;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The evaluation chain on a real embedded broker with every EaaS role, and an H2 server, on 127.0.0.1. */
class EvaluationChainTest {

    private static final int SERVICES = 3;
    private static final int ATTEMPTS = 5;
    private static final int BUDGET_GUESSES = 4;
    private static final long HOP_TIMEOUT_MS = 20_000;

    private static PasswordDatabase database;
    private static ScenarioPipeline pipeline;
    private static ChainTransport transport;

    @BeforeAll
    static void start() throws Exception {
        database = PasswordDatabase.start("orders");
        pipeline = ScenarioPipeline.start(Scenario.ALPHA, "uniform-random", new PrintStream(OutputStream.nullOutputStream()));
        transport = new ChainTransport(pipeline.bootstrapServers());
    }

    @AfterAll
    static void stop() {
        if (transport != null) {
            transport.close();
        }
        if (pipeline != null) {
            pipeline.close();
        }
        if (database != null) {
            database.close();
        }
    }

    private static List<Adversary> adversaries() {
        return List.of(Adversary.blind(BUDGET_GUESSES, 60_000),
                Adversary.smart(new DistinguisherOrder(new PayloadDistinguisher()), BUDGET_GUESSES, 60_000));
    }

    @Test
    void noEncryptionFoundByBlindAdversary() throws Exception {
        ServiceChain chain = new ServiceChain(new NoEncryption(), transport, database, SERVICES, HOP_TIMEOUT_MS);
        try (TrafficCapture capture = new TrafficCapture(pipeline.bootstrapServers(), FrameLayout.DEFAULT, -1, 0, 0)) {
            AttemptRunner runner = new AttemptRunner(chain, capture, database, adversaries(), SERVICES);
            for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
                AttemptRunner.Result result = runner.run();
                assertThat(result.chain().completed()).as("chain of attempt %d", attempt).isTrue();
                assertThat(result.chain().rawHops()).isEqualTo(SERVICES - 1);
                assertThat(result.outcomes().get(0).found()).as("blind, attempt %d", attempt).isTrue();
                assertThat(result.outcomes().get(0).guessesUsed()).isEqualTo(1);
            }
        }
    }

    @Test
    void eaasChainLogsInAtZeroAndTwo() throws Exception {
        for (int d : List.of(0, 2)) {
            EaasClient client = pipeline.openSubscriber(200 + d, d, DecoyGenerator.uniformRandom(), HOP_TIMEOUT_MS);
            ServiceChain chain = new ServiceChain(new EaasProtection(client, 0, "alpha"), transport, database,
                    SERVICES, HOP_TIMEOUT_MS);
            try (TrafficCapture capture = new TrafficCapture(pipeline.bootstrapServers(), client.config().frameLayout(),
                    client.registration().subscriber(), client.registration().coordinator(), d)) {
                AttemptRunner runner = new AttemptRunner(chain, capture, database, adversaries(), SERVICES);
                for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
                    AttemptRunner.Result result = runner.run();
                    assertThat(result.chain().completed()).as("d=%d attempt %d: %s", d, attempt, result.chain().failure())
                            .isTrue();
                    assertThat(result.chain().rawHops()).isZero();
                    // Per hop: 2^d encryption frames, 1 encryption reply, 1 chain record, 1 decryption request and
                    // 2^d decryption replies.
                    assertThat(result.candidates()).hasSize((SERVICES - 1) * (2 * (1 << d) + 3));
                    if (d == 2) {
                        List<Candidate> ranked = new DistinguisherOrder(new PayloadDistinguisher()).order(result.candidates());
                        assertThat(PasswordCandidates.shape(ranked.get(0).data()))
                                .isEqualTo(PasswordCandidates.Shape.JSON_WITH_PASSWORD);
                        assertThat(result.outcomes().get(1).found()).as("smart, attempt %d", attempt).isTrue();
                        assertThat(result.outcomes().get(1).guessesUsed()).isEqualTo(1);
                    }
                }
            } finally {
                client.close();
            }
        }
    }
}
