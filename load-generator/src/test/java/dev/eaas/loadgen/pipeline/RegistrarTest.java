package dev.eaas.loadgen.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.eaas.client.EaasRequestException;
import dev.eaas.client.Registration;
import dev.eaas.topics.ErrorCode;
import dev.eaas.topology.common.ServiceConfig;
import dev.eaas.topology.service.EaasService;
import dev.eaas.topology.service.Role;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Registration through the real registrar: tokens, repeated registrations and the least-loaded coordinator. */
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class RegistrarTest {

    private static PipelineFixture fixture;

    @BeforeAll
    static void startPipeline() throws Exception {
        fixture = PipelineFixture.start();
    }

    @AfterAll
    static void stopPipeline() {
        if (fixture != null) {
            fixture.close();
        }
    }

    @Test
    void repeatedRegistrationReturnsSameToken() {
        Registration first = fixture.register(50, 3);

        Registration second = fixture.register(50, 3);

        assertThat(second.token()).isEqualTo(first.token());
        assertThat(second.coordinator()).isEqualTo(first.coordinator());
        assertThat(first.token()).isBetween(0, 7);
    }

    @Test
    void otherDeceptionFactorIsRejected() {
        fixture.register(51, 2);

        assertThatThrownBy(() -> fixture.register(51, 3))
                .isInstanceOf(EaasRequestException.class)
                .satisfies(failure -> assertThat(((EaasRequestException) failure).code()).isEqualTo(ErrorCode.INVALID_REQUEST))
                .hasMessageContaining("already registered with deception factor 2");
    }

    @Test
    void factorAboveMaximumIsRejected() {
        assertThatThrownBy(() -> fixture.register(52, 9))
                .isInstanceOf(EaasRequestException.class)
                .satisfies(failure -> assertThat(((EaasRequestException) failure).code()).isEqualTo(ErrorCode.INVALID_REQUEST))
                .hasMessageContaining("deception factor 9 is outside 0..8");
    }

    @Test
    void leastLoadedCoordinatorIsAssigned(@TempDir Path stateDir) throws Exception {
        int loadOfFirst = 0;
        for (int subscriber = 60; subscriber < 62; subscriber++) {
            assertThat(fixture.register(subscriber, 1).coordinator()).isEqualTo(1);
            loadOfFirst++;
        }
        // A coordinator without key leases needs no KEK, so this process runs it alone.
        ServiceConfig second = new ServiceConfig(Map.of(
                ServiceConfig.BOOTSTRAP_SERVERS, fixture.bootstrapServers(),
                ServiceConfig.COORDINATOR_ID, 2,
                ServiceConfig.COORDINATOR_KEY_LEASE_MS, 0L,
                ServiceConfig.STATE_DIR, stateDir.toString()));
        try (EaasService coordinatorTwo = new EaasService(second, EnumSet.of(Role.COORDINATOR)).start()) {
            coordinatorTwo.awaitRunning(60_000);
            // The first heartbeat leaves when the coordinator starts running; give the registrar time to read it.
            Thread.sleep(2_000);

            int assignedToSecond = 0;
            for (int subscriber = 70; subscriber < 70 + loadOfFirst; subscriber++) {
                if (fixture.register(subscriber, 1).coordinator() == 2) {
                    assignedToSecond++;
                }
            }

            assertThat(assignedToSecond).as("every new subscriber goes to the coordinator with fewer").isEqualTo(loadOfFirst);
        }
    }
}
