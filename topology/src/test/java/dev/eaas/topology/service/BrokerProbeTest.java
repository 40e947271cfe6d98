package dev.eaas.topology.service;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.ServerSocket;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.junit.jupiter.api.Test;

class BrokerProbeTest {

    @Test
    void silentClusterIsUnreachable() throws IOException {
        try (BrokerProbe probe = new BrokerProbe(Admin.create(Map.of(
                AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, "127.0.0.1:" + unusedPort(),
                AdminClientConfig.RECONNECT_BACKOFF_MAX_MS_CONFIG, 200)), System::currentTimeMillis)) {
            probe.probe();

            assertThat(probe.unreachableReason()).startsWith("brokers unreachable (no response yet; last failure ");
        }
    }

    @Test
    void unprobedClusterIsUnreachable() throws IOException {
        try (BrokerProbe probe = new BrokerProbe(Admin.create(Map.of(
                AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, "127.0.0.1:" + unusedPort())), System::currentTimeMillis)) {
            assertThat(probe.unreachableReason()).isEqualTo("brokers unreachable (no response yet; last failure none)");
        }
    }

    private static int unusedPort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
