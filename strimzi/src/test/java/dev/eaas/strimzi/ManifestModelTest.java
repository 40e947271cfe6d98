package dev.eaas.strimzi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.strimzi.api.kafka.model.kafka.Kafka;
import io.strimzi.api.kafka.model.kafka.KafkaAuthorizationSimple;
import io.strimzi.api.kafka.model.kafka.KafkaClusterSpec;
import io.strimzi.api.kafka.model.kafka.PersistentClaimStorage;
import io.strimzi.api.kafka.model.kafka.listener.GenericKafkaListener;
import io.strimzi.api.kafka.model.kafka.listener.KafkaListenerAuthenticationTls;
import io.strimzi.api.kafka.model.kafka.listener.KafkaListenerType;
import io.strimzi.api.kafka.model.nodepool.KafkaNodePool;
import io.strimzi.api.kafka.model.nodepool.ProcessRoles;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class ManifestModelTest {

    private static final String NODE_POOL_HEADER = """
            apiVersion: kafka.strimzi.io/v1
            kind: KafkaNodePool
            metadata:
              name: brokers
              labels:
                strimzi.io/cluster: eaas
            """;

    static Stream<Path> manifestFiles() {
        return ManifestFiles.yamlFiles().stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("manifestFiles")
    void manifestFileParsesIntoModel(Path file) throws IOException {
        List<StrictManifestReader.Manifest> manifests = StrictManifestReader.read(file);

        assertThat(manifests).as("documents in %s", file).isNotEmpty();
        for (StrictManifestReader.Manifest manifest : manifests) {
            ManifestKinds.Kind entry = ManifestKinds.lookup(manifest.kind()).orElseThrow();
            assertThat(manifest.resource()).as(manifest.location()).isInstanceOf(entry.modelClass());
            assertThat(manifest.apiVersion()).as(manifest.location()).isEqualTo(entry.apiVersion());
        }
    }

    @Test
    void manifestsIncludeClusterAndTopics() throws IOException {
        List<String> kinds = ManifestFiles.readAll().stream().map(StrictManifestReader.Manifest::kind).toList();

        assertThat(kinds).contains("Kafka", "KafkaNodePool", "KafkaTopic");
    }

    @Test
    void clusterIsNamedEaas() throws IOException {
        assertThat(theCluster().getMetadata().getName()).isEqualTo(TopicManifests.CLUSTER_NAME);
    }

    @Test
    void clusterEnablesKraftAndNodePools() throws IOException {
        Map<String, String> annotations = theCluster().getMetadata().getAnnotations();

        assertThat(annotations).containsEntry("strimzi.io/node-pools", "enabled");
        assertThat(annotations).containsEntry("strimzi.io/kraft", "enabled");
    }

    @Test
    void clusterRunsKafka41() throws IOException {
        assertThat(theCluster().getSpec().getKafka().getVersion()).startsWith("4.1.");
    }

    @Test
    void clusterHasThreeBrokers() throws IOException {
        assertThat(replicasWithRole(ProcessRoles.BROKER)).isEqualTo(3);
    }

    @Test
    void clusterHasThreeControllers() throws IOException {
        assertThat(replicasWithRole(ProcessRoles.CONTROLLER)).isEqualTo(3);
    }

    @Test
    void nodePoolsUsePersistentClaims() throws IOException {
        for (KafkaNodePool pool : clusterNodePools()) {
            assertThat(pool.getSpec().getStorage()).as(pool.getMetadata().getName())
                    .isInstanceOf(PersistentClaimStorage.class);
            PersistentClaimStorage storage = (PersistentClaimStorage) pool.getSpec().getStorage();
            assertThat(storage.getSize()).as(pool.getMetadata().getName()).matches("[1-9][0-9]*Gi");
            assertThat(storage.isDeleteClaim()).as(pool.getMetadata().getName()).isFalse();
        }
    }

    @Test
    void tlsListenerRequiresClientCertificates() throws IOException {
        List<GenericKafkaListener> listeners = theCluster().getSpec().getKafka().getListeners();

        assertThat(listeners).hasSize(1);
        GenericKafkaListener listener = listeners.get(0);
        assertThat(listener.getPort()).isEqualTo(9093);
        assertThat(listener.getType()).isEqualTo(KafkaListenerType.INTERNAL);
        assertThat(listener.isTls()).isTrue();
        assertThat(listener.getAuth()).isInstanceOf(KafkaListenerAuthenticationTls.class);
    }

    @Test
    void clusterUsesSimpleAuthorization() throws IOException {
        assertThat(theCluster().getSpec().getKafka().getAuthorization()).isInstanceOf(KafkaAuthorizationSimple.class);
    }

    @Test
    void brokerConfigReplicatesEveryTopicThreeTimes() throws IOException {
        Map<String, Object> config = theCluster().getSpec().getKafka().getConfig();

        assertThat(config).containsEntry("default.replication.factor", 3);
        assertThat(config).containsEntry("min.insync.replicas", 2);
        assertThat(config).containsEntry("offsets.topic.replication.factor", 3);
        assertThat(config).containsEntry("transaction.state.log.replication.factor", 3);
        assertThat(config).containsEntry("transaction.state.log.min.isr", 2);
        assertThat(config).containsEntry("auto.create.topics.enable", false);
    }

    @Test
    void entityOperatorRunsTopicAndUserOperators() throws IOException {
        var entityOperator = theCluster().getSpec().getEntityOperator();

        assertThat(entityOperator).isNotNull();
        assertThat(entityOperator.getTopicOperator()).isNotNull();
        assertThat(entityOperator.getUserOperator()).isNotNull();
    }

    @Test
    void misspeltNodePoolFieldIsRejected() {
        String yaml = NODE_POOL_HEADER + """
                spec:
                  replicaz: 3
                  roles: [broker]
                  storage:
                    type: persistent-claim
                    size: 10Gi
                """;

        assertThatThrownBy(() -> StrictManifestReader.readDocument(yaml))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("replicaz")
                .hasMessageContaining("spec");
    }

    @Test
    void misspeltStorageFieldIsRejected() {
        String yaml = NODE_POOL_HEADER + """
                spec:
                  replicas: 3
                  roles: [broker]
                  storage:
                    type: persistent-claim
                    size: 10Gi
                    deleteClain: false
                """;

        assertThatThrownBy(() -> StrictManifestReader.readDocument(yaml))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("deleteClain");
    }

    @Test
    void misspeltMetadataFieldIsRejected() {
        String yaml = """
                apiVersion: kafka.strimzi.io/v1
                kind: KafkaNodePool
                metadata:
                  name: brokers
                  lables:
                    strimzi.io/cluster: eaas
                spec:
                  replicas: 3
                  roles: [broker]
                  storage:
                    type: persistent-claim
                    size: 10Gi
                """;

        assertThatThrownBy(() -> StrictManifestReader.readDocument(yaml))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("lables");
    }

    @Test
    void duplicateKeyIsRejected() {
        String yaml = NODE_POOL_HEADER + """
                spec:
                  replicas: 3
                  replicas: 1
                  roles: [broker]
                  storage:
                    type: persistent-claim
                    size: 10Gi
                """;

        assertThatThrownBy(() -> StrictManifestReader.readDocument(yaml))
                .hasMessageContaining("Duplicate")
                .hasMessageContaining("replicas");
    }

    @Test
    void wellFormedNodePoolIsAccepted() throws IOException {
        String yaml = NODE_POOL_HEADER + """
                spec:
                  replicas: 3
                  roles: [broker]
                  storage:
                    type: persistent-claim
                    size: 10Gi
                """;

        KafkaNodePool pool = (KafkaNodePool) StrictManifestReader.readDocument(yaml).resource();

        assertThat(pool.getSpec().getReplicas()).isEqualTo(3);
    }

    @Test
    void unhandledKindIsRejected() {
        String yaml = """
                apiVersion: example.com/v1
                kind: Gadget
                metadata:
                  name: one
                """;

        assertThatThrownBy(() -> StrictManifestReader.readDocument(yaml))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("kind 'Gadget'")
                .hasMessageContaining("ManifestKinds");
    }

    @Test
    void otherApiVersionIsRejected() {
        String yaml = NODE_POOL_HEADER.replace("kafka.strimzi.io/v1", "kafka.strimzi.io/v1beta2") + """
                spec:
                  replicas: 3
                  roles: [broker]
                  storage:
                    type: persistent-claim
                    size: 10Gi
                """;

        assertThatThrownBy(() -> StrictManifestReader.readDocument(yaml))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("apiVersion 'kafka.strimzi.io/v1beta2'");
    }

    private static Kafka theCluster() throws IOException {
        List<Kafka> clusters = ManifestFiles.resourcesOf(Kafka.class);
        assertThat(clusters).as("Kafka resources under %s", ManifestFiles.ROOT).hasSize(1);
        Kafka kafka = clusters.get(0);
        KafkaClusterSpec spec = kafka.getSpec().getKafka();
        assertThat(spec).as("spec.kafka").isNotNull();
        return kafka;
    }

    private static List<KafkaNodePool> clusterNodePools() throws IOException {
        List<KafkaNodePool> pools = ManifestFiles.resourcesOf(KafkaNodePool.class).stream()
                .filter(pool -> pool.getMetadata().getLabels() != null)
                .filter(pool -> TopicManifests.CLUSTER_NAME.equals(
                        pool.getMetadata().getLabels().get(TopicManifests.CLUSTER_LABEL)))
                .toList();
        assertThat(pools).as("node pools of cluster %s", TopicManifests.CLUSTER_NAME).isNotEmpty();
        return pools;
    }

    private static int replicasWithRole(ProcessRoles role) throws IOException {
        return clusterNodePools().stream()
                .filter(pool -> pool.getSpec().getRoles().contains(role))
                .mapToInt(pool -> pool.getSpec().getReplicas())
                .sum();
    }
}
