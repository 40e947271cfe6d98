package dev.eaas.loadgen.evaluation;

import dev.eaas.loadgen.load.Scenario;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code eaas figure9}: measures adversary success against deception factor, as in Figure 9 of Javadpour et al. */
@Command(name = "figure9", mixinStandardHelpOptions = true,
        description = "Measures the success rate of a blind and a smart adversary against a chain of services that"
                + " pass a database password along, for No Encryption, Local Encryption and EaaS scenarios alpha, beta"
                + " and lambda, at each deception factor. Starts an embedded broker and H2 server on 127.0.0.1. Writes"
                + " figure9.csv and figure9.png into --out; progress goes to standard error.")
public final class Figure9Command implements Callable<Integer> {

    @Spec
    private CommandSpec spec;

    @Mixin
    private EvaluationOptions options;

    @Option(names = "--out", defaultValue = "target/figure9", paramLabel = "DIR",
            description = "Folder for figure9.csv and figure9.png (default: ${DEFAULT-VALUE}).")
    private Path out;

    @Option(names = "--scenarios", defaultValue = "alpha,beta,lambda", split = ",",
            description = "EaaS scenarios to run: alpha, beta, lambda (default: ${DEFAULT-VALUE}).")
    private List<String> scenarios;

    @Override
    public Integer call() throws Exception {
        EvaluationSettings settings = options.settings(spec);
        List<Scenario> selected = new ArrayList<>();
        for (String name : scenarios) {
            try {
                selected.add(Scenario.ofName(name));
            } catch (IllegalArgumentException unknown) {
                throw new ParameterException(spec.commandLine(), "Invalid --scenarios: " + unknown.getMessage());
            }
        }
        if (Files.exists(out) && !Files.isDirectory(out)) {
            throw new ParameterException(spec.commandLine(), "Invalid --out " + out.toAbsolutePath()
                    + ": it is a file; name a folder for figure9.csv and figure9.png");
        }
        Files.createDirectories(out);
        long startMs = System.currentTimeMillis();
        List<FigurePoint> points = new Figure9Run(settings, System.err).run(selected, true);
        List<String> lines = new ArrayList<>();
        lines.add(FigurePoint.CSV_HEADER);
        points.forEach(point -> lines.add(point.csvRow()));
        Path csv = out.resolve("figure9.csv");
        Files.write(csv, lines, StandardCharsets.UTF_8);
        Path png = out.resolve("figure9.png");
        FigureChart.writePng(points, "Adversary success, " + settings.attempts() + " attempts per point, budget "
                + settings.budgetGuesses() + " guesses", png);
        spec.commandLine().getOut().printf("Wrote %s and %s (%d points) in %d s%n", csv.toAbsolutePath(),
                png.toAbsolutePath(), points.size(), (System.currentTimeMillis() - startMs) / 1000);
        return 0;
    }
}
