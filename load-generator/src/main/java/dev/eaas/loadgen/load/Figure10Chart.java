package dev.eaas.loadgen.load;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.ToDoubleFunction;
import org.jfree.chart.ChartUtils;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.CategoryAxis;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.plot.CategoryPlot;
import org.jfree.chart.plot.CombinedDomainCategoryPlot;
import org.jfree.chart.renderer.category.BarRenderer;
import org.jfree.chart.renderer.category.StandardBarPainter;
import org.jfree.data.category.DefaultCategoryDataset;

/**
 * Draws the rows of {@code eaas figure10} as grouped bars: one group per scenario, one bar per cipher suite, with
 * the p50 latency in the upper panel and the p99 latency in the lower one. Runs headless, without a display.
 */
final class Figure10Chart {

    static final int WIDTH_PIXELS = 1000;
    static final int HEIGHT_PIXELS = 800;

    private Figure10Chart() {
    }

    /** Writes the chart to {@code pngFile}, creating its folder if needed. */
    static void render(List<LoadResult> rows, Path pngFile) throws IOException {
        if (rows.isEmpty()) {
            throw new IllegalArgumentException("No rows to chart; every scenario and suite run failed to start");
        }
        System.setProperty("java.awt.headless", "true");
        CombinedDomainCategoryPlot plot = new CombinedDomainCategoryPlot(new CategoryAxis("scenario"));
        List<CategoryPlot> panels = new ArrayList<>();
        datasets(rows).forEach((percentile, dataset) -> {
            BarRenderer renderer = new BarRenderer();
            renderer.setBarPainter(new StandardBarPainter());
            renderer.setShadowVisible(false);
            CategoryPlot panel = new CategoryPlot(dataset, null, new NumberAxis(percentile + " round trip (ms)"), renderer);
            panels.add(panel);
            plot.add(panel, 1);
        });
        // Each panel would draw its own colours and legend entries; the suites keep the first panel's colours.
        CategoryPlot first = panels.get(0);
        for (CategoryPlot panel : panels.subList(1, panels.size())) {
            for (int series = 0; series < panel.getDataset().getRowCount(); series++) {
                panel.getRenderer().setSeriesPaint(series, ((BarRenderer) first.getRenderer()).lookupSeriesPaint(series));
            }
        }
        plot.setFixedLegendItems(first.getLegendItems());
        JFreeChart chart = new JFreeChart("EaaS round-trip latency by scenario and cipher suite",
                JFreeChart.DEFAULT_TITLE_FONT, plot, true);
        Path parent = pngFile.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        ChartUtils.saveChartAsPNG(pngFile.toFile(), chart, WIDTH_PIXELS, HEIGHT_PIXELS);
    }

    /**
     * Returns one dataset per percentile, p50 then p99, whose rows are the suites and whose columns are the
     * scenarios, both in the order they first appear. A later row for the same scenario and suite replaces an
     * earlier one.
     */
    static Map<String, DefaultCategoryDataset> datasets(List<LoadResult> rows) {
        Map<String, ToDoubleFunction<LoadResult>> percentiles = new LinkedHashMap<>();
        percentiles.put("p50", LoadResult::p50Ms);
        percentiles.put("p99", LoadResult::p99Ms);
        Map<String, DefaultCategoryDataset> datasets = new LinkedHashMap<>();
        percentiles.forEach((name, value) -> {
            DefaultCategoryDataset dataset = new DefaultCategoryDataset();
            for (LoadResult row : rows) {
                dataset.addValue(value.applyAsDouble(row), row.cipherSuite(), row.scenario());
            }
            datasets.put(name, dataset);
        });
        return datasets;
    }

    /** Returns the rows as a plain-text table for the terminal. */
    static String table(List<LoadResult> rows) {
        StringBuilder text = new StringBuilder(String.format(Locale.ROOT, "%-8s %-18s %10s %10s %10s %8s%n",
                "scenario", "suite", "p50 ms", "p99 ms", "achieved/s", "errors"));
        for (LoadResult row : rows) {
            text.append(String.format(Locale.ROOT, "%-8s %-18s %10.2f %10.2f %10.1f %8d%n", row.scenario(),
                    row.cipherSuite(), row.p50Ms(), row.p99Ms(), row.achievedRatePerSecond(), row.errors()));
        }
        return text.toString();
    }
}
