package dev.eaas.loadgen.load;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Runs the flood test briefly and checks its counters, which are exact: the coordinator drops every flood frame,
 * and the key manager and cryptor see only legitimate requests. The latency ratio is printed, not checked, because
 * it depends on what else the machine runs.
 */
class FloodRunnerTest {

    @Test
    @Timeout(value = 5, unit = TimeUnit.MINUTES)
    void floodFramesCostNoKeyLookupOrCryptoWork() throws Exception {
        FloodRunner.Settings settings = new FloodRunner.Settings(50, 8, 2, 10, 4, 2, 256, 4, 30_000, 1);

        FloodResult result = new FloodRunner(settings, System.err).run();
        System.out.print(result.describe());

        for (FloodRunner.Phase phase : new FloodRunner.Phase[] {result.unflooded(), result.flooded(), result.unfloodedAfter()}) {
            FloodRunner.RoleCounters roles = phase.roles();
            long requests = phase.client().requestsSent();
            assertThat(phase.load().errors()).as("failed legitimate round trips").isZero();
            assertThat(roles.droppedWrongToken()).as("dropped-wrong-token").isEqualTo(FloodResult.expectedDropped(phase));
            assertThat(roles.framesReceived()).as("frames-received")
                    .isEqualTo(phase.client().framesSent() + phase.floodFrames());
            assertThat(roles.accepted()).as("accepted").isEqualTo(requests);
            assertThat(roles.keyLookups() + roles.servedWithLentKeys()).as("key-lookups + served with lent keys")
                    .isEqualTo(requests);
            assertThat(roles.encryptions() + roles.decryptions() + roles.servedWithLentKeys())
                    .as("encryptions + decryptions + served with lent keys").isEqualTo(requests);
        }
        assertThat(result.unflooded().floodFrames()).as("flood frames before the flood").isZero();
        assertThat(result.unfloodedAfter().floodFrames()).as("flood frames after the flood").isZero();
        assertThat(result.flooded().floodFrames()).as("flood frames acknowledged").isGreaterThanOrEqualTo(
                Math.round(0.9 * settings.floodFramesPerSecond() * settings.phaseSeconds()));
        assertThat(result.flooded().floodFailed()).as("flood frames that failed to send").isZero();
        assertThat(result.violations()).isEmpty();
    }
}
