package dev.eaas.loadgen.load;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import org.jfree.chart.ChartFactory;
import org.jfree.chart.ChartUtils;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.CategoryLabelPositions;
import org.jfree.chart.plot.PlotOrientation;
import org.jfree.data.category.DefaultCategoryDataset;

/**
 * Renders the latency percentiles of rows of {@link ResultCsv} as a bar chart in a PNG file: one group of bars per
 * row, one bar per percentile (p50, p90, p99, p99.9). Runs headless, without a display.
 *
 * <p>A row's label names only the columns that differ between the rows, so a file of one mode at several suites
 * is labelled by suite, and a file of several modes by mode. Rows that have the same label are numbered.
 */
public final class LatencyChart {

    private static final Map<String, Function<LoadResult, String>> LABEL_PARTS = labelParts();

    private LatencyChart() {
    }

    /** Writes the chart of {@code results} to {@code pngFile}, creating its folder if needed. */
    public static void render(List<LoadResult> results, String title, Path pngFile, int widthPixels, int heightPixels)
            throws IOException {
        if (results.isEmpty()) {
            throw new IllegalArgumentException("No rows to chart; run 'eaas load --csv FILE' first");
        }
        System.setProperty("java.awt.headless", "true");
        DefaultCategoryDataset dataset = new DefaultCategoryDataset();
        List<String> labels = labels(results);
        for (int i = 0; i < results.size(); i++) {
            LoadResult row = results.get(i);
            dataset.addValue(row.p50Ms(), "p50", labels.get(i));
            dataset.addValue(row.p90Ms(), "p90", labels.get(i));
            dataset.addValue(row.p99Ms(), "p99", labels.get(i));
            dataset.addValue(row.p999Ms(), "p99.9", labels.get(i));
        }
        JFreeChart chart = ChartFactory.createBarChart(title, null, "latency from intended send time (ms)", dataset,
                PlotOrientation.VERTICAL, true, false, false);
        if (results.size() > 4) {
            chart.getCategoryPlot().getDomainAxis().setCategoryLabelPositions(CategoryLabelPositions.UP_45);
        }
        Path parent = pngFile.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        ChartUtils.saveChartAsPNG(pngFile.toFile(), chart, widthPixels, heightPixels);
    }

    /** Returns one label per row, built from the columns whose values differ between the rows. */
    static List<String> labels(List<LoadResult> results) {
        List<Function<LoadResult, String>> varying = new ArrayList<>();
        for (Function<LoadResult, String> part : LABEL_PARTS.values()) {
            if (results.stream().map(part).distinct().count() > 1) {
                varying.add(part);
            }
        }
        if (varying.isEmpty()) {
            varying.add(LABEL_PARTS.get("mode"));
        }
        Map<String, Integer> seen = new LinkedHashMap<>();
        List<String> labels = new ArrayList<>();
        for (LoadResult row : results) {
            String label = String.join(" ", varying.stream().map(part -> part.apply(row)).filter(text -> !text.isEmpty()).toList());
            int count = seen.merge(label, 1, Integer::sum);
            labels.add(count == 1 ? label : label + " #" + count);
        }
        return labels;
    }

    private static Map<String, Function<LoadResult, String>> labelParts() {
        Map<String, Function<LoadResult, String>> parts = new LinkedHashMap<>();
        parts.put("mode", LoadResult::mode);
        parts.put("scenario", LoadResult::scenario);
        parts.put("suite", LoadResult::cipherSuite);
        parts.put("d", row -> row.hasDeceptionFactor() ? "d=" + row.deceptionFactorBits() : "");
        parts.put("payload", row -> row.payloadBytes() + " B");
        parts.put("rate", row -> String.format(Locale.ROOT, "%.0f/s", row.offeredRatePerSecond()));
        return parts;
    }
}
