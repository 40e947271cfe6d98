package dev.eaas.loadgen.crash;

import static org.assertj.core.api.Assertions.assertThat;

import dev.eaas.client.ClientCounters;
import dev.eaas.topology.service.Role;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CrashTestResultTest {

    private static final long ROUND_TRIPS = 100;
    private static final CrashTestRunner.Settings SETTINGS = new CrashTestRunner.Settings(
            new CrashWorkload.Settings(ROUND_TRIPS, 40, 200, 10, 128, 1), 4, 2_000, 1, 60_000, null, false);
    private static final List<KillSchedule.Kill> ONE_KILL_EACH = List.of(
            new KillSchedule.Kill(Role.REGISTRAR, CrashTestResult.SIGKILL_EXIT_CODE, 10, 100, 9_000),
            new KillSchedule.Kill(Role.COORDINATOR, CrashTestResult.SIGKILL_EXIT_CODE, 30, 100, 9_000),
            new KillSchedule.Kill(Role.KEY_MANAGER, CrashTestResult.SIGKILL_EXIT_CODE, 50, 100, 9_000),
            new KillSchedule.Kill(Role.CRYPTOR, CrashTestResult.SIGKILL_EXIT_CODE, 70, 100, 9_000));
    private static final KeyChangelogAudit.Result CLEAN_CHANGELOG = new KeyChangelogAudit.Result(20, 0, 10, 10, List.of());
    private static final ClientCounters CLIENT = new ClientCounters(0, 0, 0, 0, 0, 0, 0, 0);

    @Test
    void runWithEveryRoundTripCompletedPasses() {
        CrashWorkload.Counts completed = new CrashWorkload.Counts(ROUND_TRIPS, ROUND_TRIPS, 0, Map.of(), 0);

        CrashTestResult result = result(completed, completed, 60);

        assertThat(result.violations()).isEmpty();
    }

    @Test
    void runWithoutCompletedRoundTripFails() {
        CrashWorkload.Counts timedOut = new CrashWorkload.Counts(ROUND_TRIPS, 0, 0, Map.of("TIMEOUT", ROUND_TRIPS), 0);
        CrashWorkload.Counts nothingToDecrypt = new CrashWorkload.Counts(0, 0, 0, Map.of(), 0);

        CrashTestResult result = result(timedOut, nothingToDecrypt, 0);

        assertThat(result.violations()).anySatisfy(violation ->
                assertThat(violation).startsWith("no round trip completed"));
    }

    @Test
    void runWithoutCiphertextOfOldPairFails() {
        CrashWorkload.Counts completed = new CrashWorkload.Counts(ROUND_TRIPS, ROUND_TRIPS, 0, Map.of(), 0);

        CrashTestResult result = result(completed, completed, 0);

        assertThat(result.violations()).singleElement().asString()
                .contains("before the last key manager kill");
    }

    private static CrashTestResult result(CrashWorkload.Counts roundTrips, CrashWorkload.Counts decryptedAgain,
                                          long oldPairCiphertexts) {
        return new CrashTestResult(SETTINGS, roundTrips, decryptedAgain, ONE_KILL_EACH, null, CLEAN_CHANGELOG,
                oldPairCiphertexts, CLIENT, Map.of(), 1, 1, 1);
    }
}
