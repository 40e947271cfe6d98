package dev.eaas.loadgen.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.eaas.client.EaasClient;
import dev.eaas.client.EaasClientConfig;
import dev.eaas.client.EaasRequestException;
import dev.eaas.client.Registration;
import dev.eaas.topics.ErrorCode;
import dev.eaas.topics.SuiteId;
import dev.eaas.topology.common.ServiceConfig;
import dev.eaas.topology.service.KeysCommand;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * Rotation, rewrap and retirement over the real pipeline, driven by the operator commands an operator runs: the
 * commands must reach the key manager task that owns the pair, and clients must see each step.
 */
class KeyRotationPipelineTest {

    private static final int SUBSCRIBER = 21;

    private static final long LEASE_MS = 1_000;

    private static PipelineFixture fixture;

    @BeforeAll
    static void startPipeline() throws Exception {
        // A short lease time, so the minimum decryption version may rise soon after the rotation and reaches lent keys.
        fixture = PipelineFixture.start(Map.of(ServiceConfig.COORDINATOR_KEY_LEASE_MS, LEASE_MS));
    }

    @AfterAll
    static void stopPipeline() {
        if (fixture != null) {
            fixture.close();
        }
    }

    @Test
    void rotateRewrapAndRetireThroughOperatorCommands() throws Exception {
        EaasClientConfig config = fixture.clientConfig().toBuilder().cipherSuite(SuiteId.CHACHA20_POLY1305).build();
        Registration registration = EaasClient.register(config, SUBSCRIBER, 1);
        assertThat(registration.cipherSuite()).isEqualTo(SuiteId.CHACHA20_POLY1305);
        try (EaasClient client = EaasClient.open(config, registration)) {
            byte[] first = encrypt(client, "alpha");
            assertThat(first[1]).as("suite id").isEqualTo(SuiteId.CHACHA20_POLY1305.id());
            assertThat(keyVersion(first)).isEqualTo(1);

            assertThat(keys("rotate", "--pair", "1,2")).contains("pair {1, 2} of subscriber 21: rotated to key version 2");
            byte[] second = encrypt(client, "beta");
            assertThat(keyVersion(second)).isEqualTo(2);
            assertThat(decrypt(client, first)).isEqualTo("alpha");

            byte[] rewrapped = client.requester(1).rewrap(2, first).get(30, TimeUnit.SECONDS);
            assertThat(keyVersion(rewrapped)).isEqualTo(2);

            // The key manager raises the minimum only once the lease time and its clock margin of 1 s have passed.
            Thread.sleep(LEASE_MS + 1_000 + 200);
            assertThat(keys("set-min-version", "--pair", "2,1", "--min-version", "2"))
                    .contains("pair {1, 2} of subscriber 21: minimum decryption version 1 -> 2");
            assertThatThrownBy(() -> decrypt(client, first)).isInstanceOf(ExecutionException.class)
                    .cause().isInstanceOf(EaasRequestException.class)
                    .satisfies(failure -> assertThat(((EaasRequestException) failure).code())
                            .isEqualTo(ErrorCode.KEY_VERSION_RETIRED));
            assertThat(decrypt(client, rewrapped)).isEqualTo("alpha");
            assertThat(decrypt(client, second)).isEqualTo("beta");

            String listed = keys("list");
            assertThat(listed).contains("pair {1, 2}: minimum decryption version 2", "chacha20-poly1305", "(retired)");
            assertThat(listed).contains("list for subscriber 21: 1 pair with keys");
        }
    }

    @Test
    void legacySuiteIsRefusedAtRegistration() {
        EaasClientConfig config = fixture.clientConfig().toBuilder().cipherSuite(SuiteId.DES_CBC).build();

        assertThatThrownBy(() -> EaasClient.register(config, SUBSCRIBER + 1, 0))
                .hasMessageContaining("des-cbc")
                .hasMessageContaining("legacy");
    }

    private static byte[] encrypt(EaasClient client, String text) throws Exception {
        return client.requester(1).encrypt(2, text.getBytes(StandardCharsets.UTF_8)).get(30, TimeUnit.SECONDS);
    }

    private static String decrypt(EaasClient client, byte[] ciphertext) throws Exception {
        return new String(client.requester(2).decrypt(1, ciphertext).get(30, TimeUnit.SECONDS), StandardCharsets.UTF_8);
    }

    private static int keyVersion(byte[] envelope) {
        return ByteBuffer.wrap(envelope, 2, 4).getInt();
    }

    private static String keys(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        String[] all = new String[args.length + 3];
        all[0] = args[0];
        all[1] = "--bootstrap-servers";
        all[2] = fixture.bootstrapServers();
        all[3] = "--subscriber=" + SUBSCRIBER;
        System.arraycopy(args, 1, all, 4, args.length - 1);
        int exitCode = new CommandLine(new KeysCommand()).setOut(new PrintWriter(out)).setErr(new PrintWriter(err)).execute(all);
        assertThat(exitCode).as("exit code; error output: %s", err).isZero();
        return out.toString();
    }
}
