package dev.eaas.bench;

import static org.assertj.core.api.Assertions.assertThat;

import dev.eaas.topics.SuiteId;
import dev.eaas.topics.avro.PairKey;
import dev.eaas.topology.crypto.Envelope;
import java.security.GeneralSecurityException;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.openjdk.jmh.annotations.Param;

/** Runs each benchmark method once outside JMH, so that a broken benchmark fails the build, not a long run. */
class BenchmarkSetupTest {

    @ParameterizedTest
    @EnumSource(SuiteId.class)
    void sealBenchmarkProducesEnvelopeThatOpens(SuiteId id) throws GeneralSecurityException {
        SuiteBenchmark benchmark = new SuiteBenchmark();
        benchmark.suiteId = id;
        benchmark.payloadSizeBytes = 1024;
        benchmark.setUp();

        byte[] envelope = benchmark.seal();

        assertThat(Envelope.open(benchmark.suite(), benchmark.key(), 1, new PairKey(54, 1, 2), envelope))
                .isEqualTo(benchmark.plaintext());
    }

    @Test
    void suiteParameterListsEverySuite() throws NoSuchFieldException {
        Param suiteParameter = SuiteBenchmark.class.getField("suiteId").getAnnotation(Param.class);

        assertThat(suiteParameter.value())
                .containsExactlyInAnyOrder(Arrays.stream(SuiteId.values()).map(SuiteId::name).toArray(String[]::new));
    }

    @Test
    void rawAesGcmBenchmarkAppendsTag() throws GeneralSecurityException {
        RawAesGcmBenchmark benchmark = new RawAesGcmBenchmark();
        benchmark.payloadSizeBytes = 1024;
        benchmark.setUp();

        assertThat(benchmark.encrypt()).hasSize(1024 + 16);
    }
}
