package dev.eaas.loadgen.load;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code eaas chart}: draws the latency percentiles of the rows that {@code eaas load --csv} wrote. */
@Command(name = "chart", mixinStandardHelpOptions = true,
        description = "Draws the p50, p90, p99 and p99.9 latencies of each row of an 'eaas load --csv' file as a bar"
                + " chart in a PNG file. Each row is labelled by the columns that differ between rows.")
public final class ChartCommand implements Callable<Integer> {

    private static final int MAX_SIDE_PIXELS = 10_000;

    @Spec
    private CommandSpec spec;

    @Option(names = "--csv", required = true, paramLabel = "FILE", description = "The file that 'eaas load --csv' wrote.")
    private Path csvFile;

    @Option(names = "--out", required = true, paramLabel = "FILE", description = "The PNG file to write.")
    private Path pngFile;

    @Option(names = "--title", defaultValue = "EaaS round-trip latency", description = "Chart title (default: ${DEFAULT-VALUE}).")
    private String title;

    @Option(names = "--width-pixels", defaultValue = "1000", description = "Image width (default: ${DEFAULT-VALUE}).")
    private int widthPixels;

    @Option(names = "--height-pixels", defaultValue = "600", description = "Image height (default: ${DEFAULT-VALUE}).")
    private int heightPixels;

    @Override
    public Integer call() throws Exception {
        if (!Files.isRegularFile(csvFile)) {
            throw usage("Result file not found: " + csvFile.toAbsolutePath());
        }
        for (int side : new int[] {widthPixels, heightPixels}) {
            if (side < 1 || side > MAX_SIDE_PIXELS) {
                throw usage("Invalid image size " + widthPixels + "x" + heightPixels + "; each side must be 1 to "
                        + MAX_SIDE_PIXELS + " pixels");
            }
        }
        List<LoadResult> results;
        try {
            results = ResultCsv.read(csvFile);
        } catch (IllegalArgumentException invalid) {
            throw usage(invalid.getMessage());
        }
        if (results.isEmpty()) {
            throw usage("The result file " + csvFile.toAbsolutePath() + " has no rows; run 'eaas load --csv FILE' first");
        }
        LatencyChart.render(results, title, pngFile, widthPixels, heightPixels);
        spec.commandLine().getOut().println("Chart of " + results.size() + " rows written to " + pngFile.toAbsolutePath());
        spec.commandLine().getOut().flush();
        return 0;
    }

    private ParameterException usage(String message) {
        return new ParameterException(spec.commandLine(), message);
    }
}
