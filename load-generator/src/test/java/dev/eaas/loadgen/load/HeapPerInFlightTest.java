package dev.eaas.loadgen.load;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

class HeapPerInFlightTest {

    private static final int PAYLOAD_BYTES = 65_536;

    @Test
    void heldPayloadsCountPerRequest() throws Exception {
        List<CompletableFuture<byte[]>> held = new ArrayList<>();
        List<String> events = new ArrayList<>();

        // Each request keeps 64 KiB reachable until the service resumes and completes it.
        HeapPerInFlight.Measurement measurement = HeapPerInFlight.measure(500, 10, 10_000,
                () -> events.add("pause"),
                () -> {
                    events.add("resume");
                    held.forEach(request -> request.complete(null));
                },
                index -> {
                    byte[] payload = new byte[PAYLOAD_BYTES];
                    CompletableFuture<byte[]> request = new CompletableFuture<>();
                    request.thenRun(() -> payload[0] = 1);
                    held.add(request);
                    return request;
                });

        assertThat(events).containsExactly("pause", "resume");
        assertThat(measurement.count()).isEqualTo(500);
        assertThat(measurement.bytesPerRequest()).isGreaterThanOrEqualTo(PAYLOAD_BYTES);
        assertThat(measurement.bytesPerRequest()).isLessThan(4.0 * PAYLOAD_BYTES);
    }
}
