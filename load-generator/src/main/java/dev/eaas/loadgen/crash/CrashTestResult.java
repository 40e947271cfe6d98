package dev.eaas.loadgen.crash;

import dev.eaas.client.ClientCounters;
import dev.eaas.topology.service.Role;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The figures of one crash test and the checks they must pass.
 *
 * @param roundTrips the round trips run while roles were killed
 * @param decryptedAgain every ciphertext of those round trips decrypted again after the last kill
 * @param oldPairCiphertexts ciphertexts of pairs whose key existed before the last key manager kill. A key manager
 *     that restored its store from the changelog decrypted them again.
 * @param starts how many times each role's process was started
 */
public record CrashTestResult(CrashTestRunner.Settings settings, CrashWorkload.Counts roundTrips,
        CrashWorkload.Counts decryptedAgain, List<KillSchedule.Kill> kills, Exception scheduleFailure,
        KeyChangelogAudit.Result changelog, long oldPairCiphertexts, ClientCounters client, Map<Role, Integer> starts,
        double loadSeconds, double verifySeconds, double totalSeconds) {

    /** SIGKILL is signal 9, and a JVM killed by a signal exits with 128 plus its number. */
    static final int SIGKILL_EXIT_CODE = 128 + 9;

    /** Returns the number of kills of each role, 0 for a role never killed. */
    public Map<Role, Integer> killsByRole() {
        Map<Role, Integer> counts = new EnumMap<>(Role.class);
        for (Role role : ProcessCluster.ROLES) {
            counts.put(role, 0);
        }
        for (KillSchedule.Kill kill : kills) {
            counts.merge(kill.role(), 1, Integer::sum);
        }
        return counts;
    }

    /** Returns each check that failed, as a sentence; empty when the run passed. */
    public List<String> violations() {
        List<String> violations = new ArrayList<>();
        if (decryptedAgain.failed() + decryptedAgain.mismatched() > 0) {
            violations.add((decryptedAgain.failed() + decryptedAgain.mismatched())
                    + " ciphertexts failed to decrypt after the kills stopped");
        }
        if (!changelog.conflicts().isEmpty()) {
            violations.add(changelog.conflicts().size() + " pair key versions had two different DEKs: "
                    + changelog.conflicts().subList(0, Math.min(5, changelog.conflicts().size())));
        }
        if (roundTrips.mismatched() > 0) {
            violations.add(roundTrips.mismatched() + " round trips decrypted to other bytes than their payload");
        }
        if (roundTrips.unclearFailures() + decryptedAgain.unclearFailures() > 0) {
            violations.add((roundTrips.unclearFailures() + decryptedAgain.unclearFailures())
                    + " requests failed with an exception that is not an EaaS client error");
        }

        if (roundTrips.completed() == 0) {
            violations.add("no round trip completed, so no ciphertext was checked against the kills");
        }
        if (killsByRole().get(Role.KEY_MANAGER) > 0 && oldPairCiphertexts == 0) {
            violations.add("no ciphertext of a pair keyed before the last key manager kill was decrypted again, so"
                    + " the key store's restore from its changelog went unchecked");
        }

        if (roundTrips.completed() + roundTrips.failed() + roundTrips.mismatched() != roundTrips.attempted()) {
            violations.add("only " + (roundTrips.completed() + roundTrips.failed() + roundTrips.mismatched()) + " of "
                    + roundTrips.attempted() + " round trips ended");
        }
        killsByRole().forEach((role, count) -> {
            if (count == 0 && settings.kills() >= ProcessCluster.ROLES.size()) {
                violations.add("the " + role.cliName() + " was never killed");
            }
        });
        if (kills.size() < settings.kills()) {
            violations.add("only " + kills.size() + " of " + settings.kills() + " kills and restarts happened"
                    + (scheduleFailure == null ? " before the round trips ended" : ": " + scheduleFailure.getMessage()));
        }
        for (KillSchedule.Kill kill : kills) {
            if (kill.exitCode() != SIGKILL_EXIT_CODE) {
                violations.add("the " + kill.role().cliName() + " exited with " + kill.exitCode() + " when killed, not "
                        + SIGKILL_EXIT_CODE + " (SIGKILL)");
            }
        }
        return violations;
    }

    /** Returns the summary printed at the end of a run. */
    public String describe() {
        StringBuilder text = new StringBuilder();
        CrashWorkload.Settings workload = settings.workload();
        text.append(String.format(Locale.ROOT, "Crash test: %d round trips over %d pairs at %.0f round trips/s, payload"
                        + " %d bytes, deception factor %d, request timeout %d ms, seed %d%n", workload.roundTrips(),
                workload.pairs(), workload.ratePerSecond(), workload.payloadBytes(), settings.deceptionFactorBits(),
                settings.timeoutMs(), workload.seed()));

        text.append(String.format(Locale.ROOT, "  kills (SIGKILL, then restart with an empty state folder): %d of %d;"
                + " by role %s%n", kills.size(), settings.kills(), describeKillsByRole()));
        for (KillSchedule.Kill kill : kills) {
            text.append(String.format(Locale.ROOT, "    %-11s at round trip %6d: exit code %d, down %4d ms,"
                    + " ready again after %5d ms%n", kill.role().cliName(), kill.startedAtKill(), kill.exitCode(),
                    kill.downMs(), kill.restartMs()));
        }

        text.append(String.format(Locale.ROOT, "  round trips: %d completed with the real reply, %d failed %s,"
                + " %d decrypted to other bytes%n", roundTrips.completed(), roundTrips.failed(),
                roundTrips.failures(), roundTrips.mismatched()));
        text.append(String.format(Locale.ROOT, "  client, both passes: %d requests sent, %d resends, %d duplicate or"
                + " late replies ignored, %d timeouts, %d errors%n", client.requestsSent(), client.retries(),
                client.repliesIgnored(), client.timeouts(), client.errors()));

        text.append(String.format(Locale.ROOT, "  decrypted again after the kills: %d of %d ciphertexts, %d failed %s,"
                + " %d to other bytes%n", decryptedAgain.completed(), decryptedAgain.attempted(),
                decryptedAgain.failed(), decryptedAgain.failures(), decryptedAgain.mismatched()));
        text.append(String.format(Locale.ROOT, "    of them %d ciphertexts of pairs keyed before the last key manager"
                + " kill, served by a key manager that restored its store from the changelog%n", oldPairCiphertexts));
        text.append(String.format(Locale.ROOT, "  key changelog: %d records, %d pairs, %d key versions, %d pair versions"
                + " with two different DEKs%n", changelog.records(), changelog.pairs(), changelog.keyVersions(),
                changelog.conflicts().size()));
        text.append(String.format(Locale.ROOT, "  durations: round trips %.1f s, decrypting again %.1f s, whole run"
                + " %.1f s%n", loadSeconds, verifySeconds, totalSeconds));

        List<String> violations = violations();
        text.append(violations.isEmpty() ? "  result: passed\n" : "  result: FAILED: " + String.join("; ", violations) + "\n");
        return text.toString();
    }

    private String describeKillsByRole() {
        List<String> parts = new ArrayList<>();
        killsByRole().forEach((role, count) -> parts.add(role.cliName() + " " + count));
        return String.join(", ", parts);
    }
}
