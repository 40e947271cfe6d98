package dev.eaas.loadgen.evaluation;

import dev.eaas.client.EaasClient;
import dev.eaas.loadgen.load.Scenario;
import dev.eaas.topics.decoy.DecoyGenerator;
import dev.eaas.topics.frame.FrameLayout;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;

/**
 * Measures the adversaries' success for every mode, scenario and deception factor. One pipeline runs per
 * scenario and serves every d, with one subscriber registered per d, because the deception factor belongs to
 * the subscriber. The baselines run on the first scenario's broker and do not use the service.
 */
public final class Figure9Run {

    /** Subscriber ids are this plus d, so each d has its own subscriber. */
    private static final int FIRST_SUBSCRIBER = 100;

    private final EvaluationSettings settings;
    private final PrintStream progress;

    public Figure9Run(EvaluationSettings settings, PrintStream progress) {
        this.settings = settings;
        this.progress = progress;
    }

    /**
     * Runs the scenarios in order for each decoy generator of the settings; baselines run once, first, when
     * {@code baselines} is set, since they send no decoys.
     */
    public List<FigurePoint> run(List<Scenario> scenarios, boolean baselines) throws Exception {
        List<FigurePoint> points = new ArrayList<>();
        try (PasswordDatabase database = PasswordDatabase.start("orders")) {
            boolean baselinesDone = !baselines;
            for (String decoysName : settings.decoyNames()) {
                for (Scenario scenario : scenarios) {
                    try (ScenarioPipeline pipeline = ScenarioPipeline.start(scenario, decoysName, progress);
                         ChainTransport transport = new ChainTransport(pipeline.bootstrapServers())) {
                        if (!baselinesDone) {
                            points.addAll(runBaselines(pipeline, transport, database));
                            baselinesDone = true;
                        }
                        for (int d : settings.deceptionFactors()) {
                            points.addAll(runEaas(pipeline, transport, database, decoysName, d));
                        }
                    }
                }
            }
            if (!baselinesDone) {
                throw new IllegalArgumentException("No scenario to run the baselines on; name at least one scenario");
            }
        }
        return points;
    }

    private List<FigurePoint> runBaselines(ScenarioPipeline pipeline, ChainTransport transport,
                                           PasswordDatabase database) throws InterruptedException {
        List<FigurePoint> points = new ArrayList<>();
        for (int d : settings.deceptionFactors()) {
            HopProtection none = new NoEncryption();
            HopProtection local = new LocalEncryption(FIRST_SUBSCRIBER, settings.services(),
                    settings.localBudgetOperationsPerSecond());
            for (HopProtection protection : List.of(none, local)) {
                try (TrafficCapture capture = new TrafficCapture(pipeline.bootstrapServers(), FrameLayout.DEFAULT, -1, 0, d)) {
                    points.addAll(measure(protection, "none", "none", d, transport, capture, database));
                }
            }
        }
        return points;
    }

    private List<FigurePoint> runEaas(ScenarioPipeline pipeline, ChainTransport transport, PasswordDatabase database,
                                      String decoysName, int d) throws Exception {
        EaasClient client = pipeline.openSubscriber(FIRST_SUBSCRIBER + d, d, DecoyGenerator.ofName(decoysName),
                settings.hopTimeoutMs());
        HopProtection protection = new EaasProtection(client, settings.fallbackRawAfterMs(), pipeline.scenario().cliName());
        try (TrafficCapture capture = new TrafficCapture(pipeline.bootstrapServers(), client.config().frameLayout(),
                client.registration().subscriber(), client.registration().coordinator(), d)) {
            return measure(protection, pipeline.scenario().cliName(), decoysName, d, transport, capture, database);
        } finally {
            client.close();
        }
    }

    private List<FigurePoint> measure(HopProtection protection, String scenario, String decoysName, int d,
                                      ChainTransport transport, TrafficCapture capture, PasswordDatabase database)
            throws InterruptedException {
        long startMs = System.currentTimeMillis();
        ServiceChain chain = new ServiceChain(protection, transport, database, settings.services(), settings.hopTimeoutMs());
        List<Adversary> adversaries = settings.adversaries();
        AttemptRunner runner = new AttemptRunner(chain, capture, database, adversaries, settings.services());
        int[] successes = new int[adversaries.size()];
        int completed = 0;
        int rawHops = 0;
        PasswordDatabase.Account loadAccount = database.createAccount();
        try (BackgroundLoad load = new BackgroundLoad(chain, loadAccount, AttemptRunner.FIRST_REQUESTER + settings.services(),
                settings.offeredLoadChainsPerSecond(), settings.maxInFlightChains())) {
            for (int attempt = 0; attempt < settings.attempts(); attempt++) {
                AttemptRunner.Result result = runner.run();
                completed += result.chain().completed() ? 1 : 0;
                rawHops += result.chain().rawHops();
                for (int i = 0; i < adversaries.size(); i++) {
                    successes[i] += result.outcomes().get(i).found() ? 1 : 0;
                }
            }
            progress.printf("[evaluation] %s %s decoys %s d=%d: %d attempts, chains completed %d, raw hops %d, found: blind %d,"
                            + " smart %d; %s; %d ms%n", protection.mode(), scenario, decoysName, d, settings.attempts(), completed,
                    rawHops, successes[0], successes[1], load.describe(), System.currentTimeMillis() - startMs);
        } finally {
            database.dropAccount(loadAccount);
        }
        String mode = scenario.equals("none") ? protection.mode() : "eaas";
        List<FigurePoint> points = new ArrayList<>();
        for (int i = 0; i < adversaries.size(); i++) {
            points.add(new FigurePoint(mode, scenario, adversaries.get(i).name(), decoysName, d,
                    new SuccessRate(settings.attempts(), successes[i]), completed, rawHops));
        }
        return points;
    }
}
