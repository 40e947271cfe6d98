package dev.eaas.loadgen.crash;

import dev.eaas.topology.service.Role;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeoutException;
import java.util.function.LongSupplier;

/**
 * Kills role processes with SIGKILL at seeded random points of a run and starts each one again.
 *
 * <p>Kill {@code j} of {@code n} falls at a random round trip of the j-th of n equal slices of the first 85% of the
 * round trips. The roles are killed in rounds, each round a random order of all four, so every role is killed once
 * before any is killed a second time. After a kill the role stays down for a random time up to {@code maxDownMs},
 * then starts with an empty state folder, and the next kill waits until it reports ready.
 *
 * <p>The workload calls {@link #awaitKillsBefore(long)} before each round trip, so it never passes a kill point
 * before that kill has happened. Every kill therefore falls inside the run at its seeded round trip, however slowly
 * the restarts go on a busy machine.
 */
final class KillSchedule implements Runnable {

    /** One kill: which role, its exit code, and how many round trips had started when it died. */
    record Kill(Role role, int exitCode, long startedAtKill, long downMs, long restartMs) {
    }

    private static final double LAST_KILL_FRACTION = 0.85;

    private final ProcessCluster cluster;
    private final List<Role> roles = new ArrayList<>();
    private final List<Long> points = new ArrayList<>();
    private final List<Long> downTimesMs = new ArrayList<>();
    private final LongSupplier started;
    private final PrintStream progress;
    /** Kills performed so far; guarded by {@code this}. */
    private int killed;
    private final List<Kill> done = Collections.synchronizedList(new ArrayList<>());
    private final Map<Role, Long> lastKillStarted = new ConcurrentHashMap<>();
    private volatile boolean stopped;
    private volatile Exception failure;

    KillSchedule(ProcessCluster cluster, int kills, long roundTrips, long maxDownMs, long seed, LongSupplier started,
            PrintStream progress) {
        this.cluster = cluster;
        this.started = started;
        this.progress = progress;
        Random random = new Random(seed);
        List<Role> round = new ArrayList<>();
        double slice = LAST_KILL_FRACTION / kills;
        for (int kill = 0; kill < kills; kill++) {
            if (round.isEmpty()) {
                round.addAll(ProcessCluster.ROLES);
                Collections.shuffle(round, random);
            }
            roles.add(round.remove(0));
            points.add((long) (roundTrips * slice * (kill + random.nextDouble())));
            downTimesMs.add(1 + (long) (random.nextDouble() * maxDownMs));
        }
    }

    @Override
    public void run() {
        try {
            for (int kill = 0; kill < roles.size() && !stopped; kill++) {
                if (!awaitStarted(points.get(kill))) {
                    break;
                }
                killAndRestart(roles.get(kill), downTimesMs.get(kill));
            }
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException | TimeoutException restartFailed) {
            failure = restartFailed;
            progress.println("[crash-test] Kill schedule stopped: " + restartFailed.getMessage());
        } finally {
            stop();
        }
    }

    /**
     * Blocks the workload before round trip {@code index} while a kill due at or before it has not happened yet,
     * unless the schedule has stopped.
     */
    synchronized void awaitKillsBefore(long index) throws InterruptedException {
        while (!stopped && killed < points.size() && points.get(killed) <= index) {
            wait(1_000);
        }
    }

    /** Ends the schedule before its next kill; a restart under way still completes. */
    synchronized void stop() {
        stopped = true;
        notifyAll();
    }

    List<Kill> kills() {
        return List.copyOf(done);
    }

    /** Returns the round trips started when the role was last killed, or -1 if it never was. */
    long startedAtLastKill(Role role) {
        return lastKillStarted.getOrDefault(role, -1L);
    }

    /** Returns the failure that ended the schedule early, or null. */
    Exception failure() {
        return failure;
    }

    private boolean awaitStarted(long point) throws InterruptedException {
        while (started.getAsLong() < point) {
            if (stopped) {
                return false;
            }
            Thread.sleep(20);
        }
        return true;
    }

    private void killAndRestart(Role role, long downMs) throws InterruptedException, TimeoutException {
        long startedAtKill = started.getAsLong();
        int exitCode = cluster.kill(role);
        lastKillStarted.put(role, startedAtKill);
        synchronized (this) {
            killed++;
            notifyAll();
        }
        progress.printf("[crash-test] Killed %s with SIGKILL at round trip %d: exit code %d; down for %d ms%n",
                role.cliName(), startedAtKill, exitCode, downMs);
        Thread.sleep(downMs);
        long restartStartMs = System.currentTimeMillis();
        cluster.restart(role);
        done.add(new Kill(role, exitCode, startedAtKill, downMs, System.currentTimeMillis() - restartStartMs));
    }
}
