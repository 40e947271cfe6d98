package dev.eaas.loadgen.load;

import static org.assertj.core.api.Assertions.assertThat;

import dev.eaas.loadgen.EmbeddedPipeline;
import dev.eaas.loadgen.broker.EmbeddedKafkaBroker;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The echo service's state folder is deleted both by close() and by the JVM shutdown hook. */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class EchoServiceTest {

    @Test
    void shutdownHookDeletesStateFolder() throws Exception {
        try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start()) {
            EchoService service = EchoService.start(broker.bootstrapServers(), 1, EmbeddedPipeline.START_TIMEOUT_MS);
            Path stateDir = service.stateDir();
            assertThat(stateDir).isDirectory();

            service.closeOnJvmShutdown();

            assertThat(stateDir).doesNotExist();
            service.close();
        }
    }

    @Test
    void closeDeletesStateFolder() throws Exception {
        try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start()) {
            EchoService service = EchoService.start(broker.bootstrapServers(), 1, EmbeddedPipeline.START_TIMEOUT_MS);
            Path stateDir = service.stateDir();

            service.close();

            assertThat(stateDir).doesNotExist();
        }
    }
}
