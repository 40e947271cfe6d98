package dev.eaas.loadgen.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.eaas.loadgen.EmbeddedPipeline;
import dev.eaas.loadgen.broker.EmbeddedKafkaBroker;
import dev.eaas.topics.TopicCatalogue;
import dev.eaas.topology.keymanager.KeyManagerTopology;
import dev.eaas.topology.service.Role;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.config.TopicConfig;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The key manager's start-up check of its key store changelog, on a single-node broker. */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class ChangelogReplicationTest {

    private static final String CHANGELOG = KeyManagerTopology.changelogTopic("eaas-key-manager");

    private EmbeddedKafkaBroker broker;

    @BeforeEach
    void startBroker() {
        broker = EmbeddedKafkaBroker.start();
    }

    @AfterEach
    void stopBroker() {
        broker.close();
    }

    @Test
    void changelogBelowMinInSyncIsRejected() throws Exception {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers()))) {
            admin.createTopics(List.of(new NewTopic(CHANGELOG, TopicCatalogue.DEFAULT_WORK_PARTITIONS, (short) 1).configs(Map.of(
                    TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT,
                    TopicConfig.MIN_IN_SYNC_REPLICAS_CONFIG, "2")))).all().get(30, TimeUnit.SECONDS);
        }

        assertThatThrownBy(() -> EmbeddedPipeline.start(broker.bootstrapServers(), EnumSet.of(Role.KEY_MANAGER), Map.of()))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("The key store changelog " + CHANGELOG + " has 1 replica(s) but min.insync.replicas 2");
    }

    @Test
    void missingChangelogIsCreatedWritable() throws Exception {
        try (EmbeddedPipeline pipeline = EmbeddedPipeline.start(broker.bootstrapServers(), EnumSet.of(Role.KEY_MANAGER),
                Map.of());
             Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers()))) {
            int partitions = admin.describeTopics(List.of(CHANGELOG)).allTopicNames().get(30, TimeUnit.SECONDS)
                    .get(CHANGELOG).partitions().size();

            assertThat(pipeline.service().streams(Role.KEY_MANAGER)).isNotNull();
            assertThat(partitions).isEqualTo(TopicCatalogue.DEFAULT_WORK_PARTITIONS);
        }
    }
}
