package dev.eaas.bench;

import java.util.Collection;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.Options;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

/**
 * Runs {@link CryptorPathBenchmark} and {@link RawAesGcmBenchmark} at 1 KiB in one run, interleaved by fork, and
 * prints their throughput and its ratio. The target is a ratio of at least 0.8.
 *
 * <p>Arguments: forks (default 3), then seconds per measurement iteration (default 2).
 */
public final class CryptorPathRatio {

    private static final double TARGET = 0.8;

    private CryptorPathRatio() {
    }

    public static void main(String[] args) throws RunnerException {
        int forks = args.length > 0 ? Integer.parseInt(args[0]) : 3;
        int seconds = args.length > 1 ? Integer.parseInt(args[1]) : 2;
        Options options = new OptionsBuilder()
                .include(CryptorPathBenchmark.class.getSimpleName() + ".encrypt$")
                .include(RawAesGcmBenchmark.class.getSimpleName() + ".encrypt$")
                .param("payloadSizeBytes", "1024")
                .forks(forks)
                .warmupIterations(3)
                .warmupTime(TimeValue.seconds(1))
                .measurementIterations(5)
                .measurementTime(TimeValue.seconds(seconds))
                .build();
        Collection<RunResult> results = new Runner(options).run();
        double cryptor = score(results, CryptorPathBenchmark.class);
        double raw = score(results, RawAesGcmBenchmark.class);
        double ratio = cryptor / raw;
        System.out.printf("%nAt 1 KiB: cryptor path %,.0f ops/s, raw JDK AES-GCM %,.0f ops/s, ratio %.3f (target at least %.1f): %s%n",
                cryptor, raw, ratio, TARGET, ratio >= TARGET ? "met" : "NOT met");
    }

    private static double score(Collection<RunResult> results, Class<?> benchmark) {
        return results.stream()
                .filter(result -> result.getParams().getBenchmark().startsWith(benchmark.getName()))
                .findFirst()
                .orElseThrow(() -> new IllegalStateException("No result for " + benchmark.getSimpleName()))
                .getPrimaryResult().getScore();
    }
}
