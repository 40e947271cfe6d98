package dev.eaas.loadgen.evaluation;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Runs one attempt: a fresh account, one run of the chain while the adversaries' pod captures traffic, then
 * each adversary's guesses against the database. Both adversaries judge the same captured traffic, each with
 * its own budget.
 */
public final class AttemptRunner {

    /** The outcome of one attempt. */
    public record Result(ServiceChain.Result chain, List<Candidate> candidates, List<Adversary.Outcome> outcomes) {
    }

    /** The attacked chain's services are the requesters from this id on. */
    public static final int FIRST_REQUESTER = 1;

    private final ServiceChain chain;
    private final TrafficCapture capture;
    private final PasswordDatabase database;
    private final List<Adversary> adversaries;
    private final int services;
    private int attempts;

    public AttemptRunner(ServiceChain chain, TrafficCapture capture, PasswordDatabase database,
                         List<Adversary> adversaries, int services) {
        this.chain = chain;
        this.capture = capture;
        this.database = database;
        this.adversaries = List.copyOf(adversaries);
        this.services = services;
    }

    /** Runs one attempt and drops its account afterwards. */
    public Result run() throws InterruptedException {
        PasswordDatabase.Account account = database.createAccount();
        try {
            String chainId = "attempt-" + (++attempts) + "-" + account.user();
            capture.begin();
            ServiceChain.Result chainResult = chain.run(chainId, FIRST_REQUESTER, account);
            Set<Integer> requesters = new HashSet<>();
            for (int i = 0; i < services; i++) {
                requesters.add(FIRST_REQUESTER + i);
            }
            List<Candidate> candidates = capture.collect(requesters, chainId);
            List<Adversary.Outcome> outcomes = adversaries.stream()
                    .map(adversary -> adversary.attack(candidates,
                            password -> database.logsIn(account.user(), password), System::currentTimeMillis))
                    .toList();
            return new Result(chainResult, candidates, outcomes);
        } finally {
            database.dropAccount(account);
        }
    }
}
