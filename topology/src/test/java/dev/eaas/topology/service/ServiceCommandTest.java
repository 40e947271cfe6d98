package dev.eaas.topology.service;

import static org.assertj.core.api.Assertions.assertThat;

import dev.eaas.topology.common.ServiceConfig;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class ServiceCommandTest {

    @Test
    void healthPortOptionSetsHealthPort() throws Exception {
        ServiceCommand command = new ServiceCommand();
        new CommandLine(command).parseArgs("--health-port", "8080");

        ServiceConfig config = new ServiceConfig(command.settings());

        assertThat(config.getInt(ServiceConfig.HEALTH_PORT)).isEqualTo(8080);
    }

    @Test
    void setOverridesHealthPortOption() throws Exception {
        ServiceCommand command = new ServiceCommand();
        new CommandLine(command).parseArgs("--health-port", "8080", "--set", "health.port=9090");

        ServiceConfig config = new ServiceConfig(command.settings());

        assertThat(config.getInt(ServiceConfig.HEALTH_PORT)).isEqualTo(9090);
    }

    @Test
    void healthEndpointsAreOffByDefault() throws Exception {
        ServiceCommand command = new ServiceCommand();
        new CommandLine(command).parseArgs();

        ServiceConfig config = new ServiceConfig(command.settings());

        assertThat(config.getInt(ServiceConfig.HEALTH_PORT)).isEqualTo(-1);
        assertThat(config.getString(ServiceConfig.HEALTH_BIND_ADDRESS)).isEqualTo("0.0.0.0");
    }
}
