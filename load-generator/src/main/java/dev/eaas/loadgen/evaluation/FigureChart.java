package dev.eaas.loadgen.evaluation;

import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jfree.chart.ChartFactory;
import org.jfree.chart.ChartUtils;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.plot.PlotOrientation;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;

/** Draws success rate against deception factor, one line per mode or scenario and adversary, as a PNG. */
public final class FigureChart {

    private static final int WIDTH_PIXELS = 1000;
    private static final int HEIGHT_PIXELS = 650;

    private FigureChart() {
    }

    /** Writes the chart of {@code points} to {@code file}; runs without a display (java.awt.headless). */
    public static void writePng(List<FigurePoint> points, String title, Path file) throws IOException {
        System.setProperty("java.awt.headless", "true");
        Map<String, XYSeries> series = new LinkedHashMap<>();
        for (FigurePoint point : points) {
            series.computeIfAbsent(point.series(), XYSeries::new)
                    .add(point.deceptionFactorBits(), 100 * point.success().rate());
        }
        XYSeriesCollection dataset = new XYSeriesCollection();
        series.values().forEach(dataset::addSeries);
        JFreeChart chart = ChartFactory.createXYLineChart(title, "deception factor d (bits)",
                "adversary success rate (%)", dataset, PlotOrientation.VERTICAL, true, false, false);
        chart.getXYPlot().getRangeAxis().setRange(0, 105);
        ChartUtils.saveChartAsPNG(file.toFile(), chart, WIDTH_PIXELS, HEIGHT_PIXELS);
    }
}
