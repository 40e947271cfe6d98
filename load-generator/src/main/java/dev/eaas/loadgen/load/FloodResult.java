package dev.eaas.loadgen.load;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The phases of a flood run and the checks on their counters.
 *
 * <p>A legitimate encryption request is 2^d frames, of which 2^d - 1 carry a wrong token, and a decryption request is
 * one frame, so in each phase the coordinator must drop exactly the client's decoy frames plus the flood frames.
 * Every legitimate request, and nothing else, must be served once: through the key manager and a cryptor, or by the
 * coordinator with a lent key.
 *
 * @param framesPerEncryption 2^d, the frames of one encryption request
 * @param unfloodedAfter the same load once more after the flood has stopped
 */
public record FloodResult(FloodRunner.Settings settings, int framesPerEncryption, FloodRunner.Phase unflooded,
        FloodRunner.Phase flooded, FloodRunner.Phase unfloodedAfter) {

    /** Returns the flooded p99 latency divided by the unflooded one before the flood, or NaN if that is 0. */
    public double p99Ratio() {
        return ratio(flooded.load().p99Ms(), unflooded.load().p99Ms());
    }

    /** Returns the flooded p99 latency divided by the unflooded one after the flood, or NaN if that is 0. */
    public double p99RatioToAfter() {
        return ratio(flooded.load().p99Ms(), unfloodedAfter.load().p99Ms());
    }

    /** Returns the flooded p50 latency divided by the unflooded one before the flood, or NaN if that is 0. */
    public double p50Ratio() {
        return ratio(flooded.load().p50Ms(), unflooded.load().p50Ms());
    }

    /** Returns the flooded p50 latency divided by the unflooded one after the flood, or NaN if that is 0. */
    public double p50RatioToAfter() {
        return ratio(flooded.load().p50Ms(), unfloodedAfter.load().p50Ms());
    }

    private static double ratio(double flooded, double unflooded) {
        return unflooded > 0 ? flooded / unflooded : Double.NaN;
    }

    /** Returns each counter check that failed, as a sentence; empty when every check passed. */
    public List<String> violations() {
        List<String> violations = new ArrayList<>();
        check(violations, "unflooded", unflooded);
        check(violations, "flooded", flooded);
        check(violations, "after", unfloodedAfter);
        if (flooded.floodFrames() == 0) {
            violations.add("the flooded phase sent no flood frame");
        }
        return violations;
    }

    /** Returns the coordinator's expected dropped-wrong-token count of a phase: the client's decoys and the flood. */
    public static long expectedDropped(FloodRunner.Phase phase) {
        return phase.client().framesSent() - phase.client().requestsSent() + phase.floodFrames();
    }

    private static void check(List<String> violations, String name, FloodRunner.Phase phase) {
        FloodRunner.RoleCounters roles = phase.roles();
        long requests = phase.client().requestsSent();
        expect(violations, name, "dropped-wrong-token", roles.droppedWrongToken(), expectedDropped(phase));
        expect(violations, name, "frames-received", roles.framesReceived(), phase.client().framesSent() + phase.floodFrames());
        expect(violations, name, "accepted", roles.accepted(), requests);
        expect(violations, name, "key-lookups + served with lent keys", roles.keyLookups() + roles.servedWithLentKeys(),
                requests);
        expect(violations, name, "encryptions + decryptions + served with lent keys",
                roles.encryptions() + roles.decryptions() + roles.servedWithLentKeys(), requests);
        if (phase.load().errors() > 0) {
            violations.add(name + " phase: " + phase.load().errors() + " legitimate round trips failed");
        }
        if (phase.floodFailed() > 0) {
            violations.add(name + " phase: " + phase.floodFailed() + " flood frames failed to send");
        }
    }

    private static void expect(List<String> violations, String phase, String counter, long actual, long expected) {
        if (actual != expected) {
            violations.add(phase + " phase: " + counter + " rose by " + actual + ", expected " + expected);
        }
    }

    /** Returns the summary printed at the end of a run. */
    public String describe() {
        StringBuilder text = new StringBuilder();
        text.append(String.format(Locale.ROOT, "Flood test: %.0f legitimate round trips/s for %.0f s per phase, deception"
                        + " factor %d (%d frames per encryption), payload %d bytes, %d pairs%n", settings.ratePerSecond(),
                settings.phaseSeconds(), settings.deceptionFactorBits(), framesPerEncryption, settings.payloadBytes(),
                settings.pairs()));
        text.append(String.format(Locale.ROOT, "  flood: %.0f wrong-token frames/s (%.0f x the legitimate %.0f frames/s)"
                + " from %d sources%n", settings.floodFramesPerSecond(), settings.floodFactor(),
                settings.legitimateFramesPerSecond(), settings.sources()));
        text.append(String.format(Locale.ROOT, "  %-9s %9s %7s %10s %10s %10s %12s %14s %11s %8s %22s %9s%n", "phase",
                "completed", "errors", "p50 ms", "p99 ms", "flood", "frames recv", "dropped token", "accepted",
                "key lkp", "encryptions+decrypt.", "lent key"));
        row(text, "unflooded", unflooded);
        row(text, "flooded", flooded);
        row(text, "after", unfloodedAfter);
        text.append(String.format(Locale.ROOT, "  flooded / unflooded latency: p50 x %.2f, p99 x %.2f before the flood;"
                + " p50 x %.2f, p99 x %.2f after it%n", p50Ratio(), p99Ratio(), p50RatioToAfter(), p99RatioToAfter()));
        text.append(String.format(Locale.ROOT, "  dropped-wrong-token rose by %d in the flooded phase: %d flood frames"
                + " and %d decoy frames of legitimate encryptions%n", flooded.roles().droppedWrongToken(),
                flooded.floodFrames(), flooded.client().framesSent() - flooded.client().requestsSent()));
        text.append(String.format(Locale.ROOT, "  key lookups and lent-key operations per legitimate request: %.3f"
                + " unflooded, %.3f flooded, %.3f after%n", perRequest(served(unflooded.roles()), unflooded),
                perRequest(served(flooded.roles()), flooded), perRequest(served(unfloodedAfter.roles()), unfloodedAfter)));
        List<String> violations = violations();
        text.append(violations.isEmpty() ? "  counters: every check passed\n"
                : "  counters: FAILED: " + String.join("; ", violations) + "\n");
        return text.toString();
    }

    private static long served(FloodRunner.RoleCounters roles) {
        return roles.keyLookups() + roles.servedWithLentKeys();
    }

    private static double perRequest(long count, FloodRunner.Phase phase) {
        return phase.client().requestsSent() == 0 ? Double.NaN : (double) count / phase.client().requestsSent();
    }

    private static void row(StringBuilder text, String name, FloodRunner.Phase phase) {
        FloodRunner.RoleCounters roles = phase.roles();
        text.append(String.format(Locale.ROOT, "  %-9s %9d %7d %10.2f %10.2f %10d %12d %14d %11d %8d %22d %9d%n", name,
                phase.load().completed(), phase.load().errors(), phase.load().p50Ms(), phase.load().p99Ms(),
                phase.floodFrames(), roles.framesReceived(), roles.droppedWrongToken(), roles.accepted(),
                roles.keyLookups(), roles.encryptions() + roles.decryptions(), roles.servedWithLentKeys()));
    }
}
