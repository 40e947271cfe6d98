package dev.eaas.loadgen.load;

import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/** The figures of one {@code eaas benchmark} run and the summary printed from them. */
record BenchmarkReport(Map<String, SaturationSearch.Result> saturation, List<LoadResult> atHalfEchoSaturation,
        List<LoadResult> atHalfEaasSaturation, HeapPerInFlight.Measurement eaasHeap,
        HeapPerInFlight.Measurement echoHeap) {

    private static final String ECHO = "echo";

    /** Returns the ratios beside their targets. Each latency list contains the echo's result first, then EaaS's. */
    List<BenchmarkRatios.Ratio> ratios() {
        List<BenchmarkRatios.Ratio> ratios = new ArrayList<>(BenchmarkRatios.eaasOverEcho(
                saturationOf(BenchmarkCommand.eaasName(0)), saturationOf(ECHO),
                atHalfEchoSaturation.get(1), atHalfEchoSaturation.get(0)));
        ratios.addAll(BenchmarkRatios.deceptionCost(saturationByDeceptionFactor()));
        return ratios;
    }

    Map<Integer, Double> saturationByDeceptionFactor() {
        Map<Integer, Double> byBits = new TreeMap<>();
        for (int bits = 0; bits <= 16; bits++) {
            SaturationSearch.Result result = saturation.get(BenchmarkCommand.eaasName(bits));
            if (result != null) {
                byBits.put(bits, result.saturationRatePerSecond());
            }
        }
        return byBits;
    }

    String describe(String settings) {
        StringBuilder text = new StringBuilder();
        Runtime runtime = Runtime.getRuntime();
        text.append(String.format(Locale.ROOT, "EaaS against the echo service, one broker on 127.0.0.1 in this JVM%n"));
        text.append(String.format(Locale.ROOT, "  machine: %d processors, max heap %d MiB, Java %s (%s), %s %s%n",
                runtime.availableProcessors(), runtime.maxMemory() >> 20, System.getProperty("java.version"),
                System.getProperty("java.vm.name"), System.getProperty("os.name"), System.getProperty("os.arch")));
        text.append(String.format(Locale.ROOT, "  system load average over the last minute at the end: %.1f%n",
                ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage()));
        text.append("  settings: ").append(settings).append(System.lineSeparator());

        text.append(String.format(Locale.ROOT, "Saturation throughput, round trips/s (echo: 2 exchanges; EaaS: an"
                + " encryption and a decryption)%n"));
        saturation.forEach((name, result) -> text.append(String.format(Locale.ROOT, "  %-10s %9.1f  %s after %d steps%n",
                name, result.saturationRatePerSecond(), result.saturated() ? "saturated" : "NOT saturated (lower bound)",
                result.steps().size())));

        appendLatency(text, "half the echo's saturation rate", atHalfEchoSaturation);
        appendLatency(text, "half EaaS's saturation rate (d = 0)", atHalfEaasSaturation);

        text.append(String.format(Locale.ROOT, "Cost per deception bit (frames each way per round trip: 1 + 2^d)%n"));
        Map<Integer, Double> byBits = saturationByDeceptionFactor();
        double base = byBits.getOrDefault(0, Double.NaN);
        byBits.forEach((bits, rate) -> text.append(String.format(Locale.ROOT,
                "  d = %d: %3d frames each way (x%.2f of d = 0), %9.1f round trips/s (x%.3f of d = 0)%n", bits,
                BenchmarkRatios.framesPerRoundTripEachWay(bits),
                (double) BenchmarkRatios.framesPerRoundTripEachWay(bits) / BenchmarkRatios.framesPerRoundTripEachWay(0),
                rate, rate / base)));

        text.append(String.format(Locale.ROOT, "Heap per request under way (service paused, full GC before each reading)%n"));
        appendHeap(text, "EaaS encryption", eaasHeap);
        appendHeap(text, "echo exchange", echoHeap);

        text.append(String.format(Locale.ROOT, "Ratios and targets%n"));
        ratios().forEach(ratio -> text.append("  ").append(ratio.describe()).append(System.lineSeparator()));
        saturation.forEach((name, result) -> {
            if (!result.saturated()) {
                text.append(String.format(Locale.ROOT, "  NOTE: %s kept up at every rate tried, so its saturation"
                        + " figure is a lower bound and the ratios that use it are not valid; raise --max-steps%n", name));
            }
        });
        return text.toString();
    }

    private double saturationOf(String name) {
        return saturation.get(name).saturationRatePerSecond();
    }

    private static void appendLatency(StringBuilder text, String where, List<LoadResult> results) {
        text.append(String.format(Locale.ROOT, "Latency from intended send time at %s (%.0f/s)%n", where,
                results.get(0).offeredRatePerSecond()));
        for (LoadResult result : results) {
            text.append(String.format(Locale.ROOT, "  %-16s p50 %8.2f ms, p99 %8.2f ms, achieved %.1f/s, dropped %d,"
                            + " errors %d%n", result.mode(), result.p50Ms(), result.p99Ms(),
                    result.achievedRatePerSecond(), result.dropped(), result.errors()));
        }
    }

    private static void appendHeap(StringBuilder text, String what, HeapPerInFlight.Measurement heap) {
        text.append(String.format(Locale.ROOT, "  %-16s %8.0f bytes (%d under way: %.1f MiB against %.1f MiB idle)%n",
                what, heap.bytesPerRequest(), heap.count(), heap.loadedHeapBytes() / 1048576.0,
                heap.idleHeapBytes() / 1048576.0));
    }
}
