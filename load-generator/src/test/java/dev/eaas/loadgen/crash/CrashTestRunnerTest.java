package dev.eaas.loadgen.crash;

import static org.assertj.core.api.Assertions.assertThat;

import dev.eaas.topology.service.Role;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs the crash test with a small count: a broker and the four roles as separate processes, 3,000 round trips, and
 * one SIGKILL and restart of each role while they run.
 */
class CrashTestRunnerTest {

    @TempDir
    Path workDir;

    @Test
    @Timeout(value = 15, unit = TimeUnit.MINUTES)
    void killedRolesLoseNoKeyAndNoCiphertext() throws Exception {
        CrashTestRunner.Settings settings = new CrashTestRunner.Settings(
                new CrashWorkload.Settings(3_000, 40, 200, 10, 128, 1), 4, 2_000, 1, 60_000, workDir, false);

        CrashTestResult result = new CrashTestRunner(settings, System.err).run();
        System.out.print(result.describe());

        CrashWorkload.Counts roundTrips = result.roundTrips();
        CrashWorkload.Counts again = result.decryptedAgain();
        assertThat(again.attempted()).as("ciphertexts to decrypt again").isPositive();
        assertThat(again.failures()).as("failures decrypting again after the kills").isEmpty();
        assertThat(again.mismatched()).as("ciphertexts decrypted again to other bytes").isZero();
        assertThat(again.completed()).as("ciphertexts decrypted again").isEqualTo(again.attempted());
        assertThat(result.changelog().conflicts()).as("pair key versions with two different DEKs").isEmpty();
        assertThat(result.changelog().pairs()).as("pairs in the key changelog").isPositive();
        assertThat(roundTrips.completed() + roundTrips.failed()).as("round trips that ended")
                .isEqualTo(roundTrips.attempted());
        assertThat(roundTrips.mismatched()).as("round trips decrypted to other bytes").isZero();
        assertThat(roundTrips.unclearFailures()).as("round trips failed without an EaaS client error").isZero();
        for (Role role : ProcessCluster.ROLES) {
            assertThat(result.killsByRole().get(role)).as("kills of the " + role.cliName()).isPositive();
        }
        assertThat(result.kills()).extracting(KillSchedule.Kill::exitCode).as("exit codes of killed processes")
                .containsOnly(CrashTestResult.SIGKILL_EXIT_CODE);
        assertThat(result.oldPairCiphertexts()).as("ciphertexts of pairs keyed before the last key manager kill")
                .isPositive();
        assertThat(result.violations()).isEmpty();
        assertThat(ProcessHandle.current().children().filter(ProcessHandle::isAlive))
                .as("broker and role processes still running").isEmpty();
    }
}
