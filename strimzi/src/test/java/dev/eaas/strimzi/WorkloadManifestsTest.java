package dev.eaas.strimzi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.eaas.topology.common.ServiceConfig;
import dev.eaas.topology.service.Role;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.HTTPGetAction;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.strimzi.api.kafka.model.user.KafkaUser;
import java.io.IOException;
import java.io.StringReader;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class WorkloadManifestsTest {

    private static final Path WORKLOADS_FILE = ManifestFiles.ROOT.resolve(Path.of("base", "workloads.yaml"));

    private static final Path USERS_FILE = ManifestFiles.ROOT.resolve(Path.of("base", "users.yaml"));

    private static final String CONFIG_MAP_NAME = "eaas-config";

    private static final String CONFIG_PATH = "/etc/eaas/service.properties";

    private static final String KEK_SECRET = "eaas-kek";

    private static final String KEK_PATH = "/etc/eaas/kek/kek.key";

    private static final String CLUSTER_CA_SECRET = "eaas-cluster-ca-cert";

    private static final int HEALTH_PORT = 8080;

    @Test
    void workloadsDeclareOneDeploymentPerRole() throws IOException {
        Map<Role, Deployment> deployments = deploymentsByRole();

        assertThat(deployments.keySet()).containsExactlyInAnyOrder(Role.values());
    }

    @Test
    void deploymentsAreNamedAfterTheirKafkaUsers() throws IOException {
        for (Map.Entry<Role, Deployment> entry : deploymentsByRole().entrySet()) {
            assertThat(entry.getValue().getMetadata().getName()).as("Deployment of %s", entry.getKey())
                    .isEqualTo(userName(entry.getKey()));
        }
    }

    @Test
    void deploymentsReadTheSharedConfig() throws IOException {
        for (Deployment deployment : deployments()) {
            String name = deployment.getMetadata().getName();
            List<String> args = container(deployment).getArgs();

            assertThat(args).as("args of %s", name).startsWith("service", "--roles");
            assertThat(args).as("args of %s", name).containsSubsequence("--config", CONFIG_PATH);
            VolumeMount mount = mount(deployment, CONFIG_PATH).orElseThrow(
                    () -> new AssertionError(name + " mounts nothing at " + CONFIG_PATH));
            assertThat(volume(deployment, mount.getName()).getConfigMap().getName()).as("config of %s", name)
                    .isEqualTo(CONFIG_MAP_NAME);
        }
    }

    @Test
    void coordinatorRunsCoordinatorOne() throws IOException {
        List<String> args = container(deploymentsByRole().get(Role.COORDINATOR)).getArgs();

        assertThat(args).containsSubsequence("--set", "coordinator.id=" + TopicManifests.COORDINATOR_ID);
    }

    @Test
    void probesHitHealthEndpointsOnContainerPort() throws IOException {
        for (Deployment deployment : deployments()) {
            String name = deployment.getMetadata().getName();
            Container container = container(deployment);

            assertProbe(name + " readiness probe", container, container.getReadinessProbe(), "/readyz");
            assertProbe(name + " liveness probe", container, container.getLivenessProbe(), "/livez");
        }
    }

    @Test
    void containerPortIsConfiguredHealthPort() throws IOException {
        String healthPort = serviceProperties().getProperty("health.port");

        assertThat(healthPort).isEqualTo(String.valueOf(HEALTH_PORT));
        for (Deployment deployment : deployments()) {
            List<Integer> ports = container(deployment).getPorts().stream().map(ContainerPort::getContainerPort).toList();
            assertThat(ports).as("container ports of %s", deployment.getMetadata().getName()).containsExactly(HEALTH_PORT);
        }
    }

    @Test
    void podsAnnounceMetricsOnHealthPort() throws IOException {
        for (Deployment deployment : deployments()) {
            Map<String, String> annotations = deployment.getSpec().getTemplate().getMetadata().getAnnotations();

            assertThat(annotations).as("pod annotations of %s", deployment.getMetadata().getName())
                    .containsEntry("prometheus.io/scrape", "true")
                    .containsEntry("prometheus.io/port", String.valueOf(HEALTH_PORT))
                    .containsEntry("prometheus.io/path", "/metrics");
        }
    }

    @Test
    void livenessWaitsLongerThanReadiness() throws IOException {
        for (Deployment deployment : deployments()) {
            Container container = container(deployment);
            String name = deployment.getMetadata().getName();

            assertThat(container.getLivenessProbe().getInitialDelaySeconds()).as("liveness delay of %s", name)
                    .isGreaterThanOrEqualTo(container.getReadinessProbe().getInitialDelaySeconds());
            assertThat(container.getLivenessProbe().getFailureThreshold()).as("liveness failures of %s", name)
                    .isGreaterThanOrEqualTo(3);
        }
    }

    @Test
    void onlyKeyManagerAndCryptorMountKek() throws IOException {
        assertThat(Role.COORDINATOR.needsKek(TopicManifests.deploymentConfig()))
                .as("the coordinator takes no key leases in this deployment").isFalse();
        for (Map.Entry<Role, Deployment> entry : deploymentsByRole().entrySet()) {
            Deployment deployment = entry.getValue();
            boolean needsKek = entry.getKey().needsKek(TopicManifests.deploymentConfig());
            boolean hasKekVolume = deployment.getSpec().getTemplate().getSpec().getVolumes().stream()
                    .anyMatch(volume -> volume.getSecret() != null && KEK_SECRET.equals(volume.getSecret().getSecretName()));
            Optional<EnvVar> kekFile = env(deployment, "EAAS_KEK_FILE");

            assertThat(hasKekVolume).as("%s mounts Secret %s", deployment.getMetadata().getName(), KEK_SECRET)
                    .isEqualTo(needsKek);
            assertThat(kekFile.isPresent()).as("%s sets EAAS_KEK_FILE", deployment.getMetadata().getName())
                    .isEqualTo(needsKek);
        }
    }

    @Test
    void kekFileIsMountedOwnerReadOnly() throws IOException {
        for (Role role : List.of(Role.KEY_MANAGER, Role.CRYPTOR)) {
            Deployment deployment = deploymentsByRole().get(role);
            String name = deployment.getMetadata().getName();
            String kekFile = env(deployment, "EAAS_KEK_FILE").orElseThrow().getValue();

            assertThat(kekFile).as("EAAS_KEK_FILE of %s", name).isEqualTo(KEK_PATH);
            VolumeMount mount = mount(deployment, "/etc/eaas/kek").orElseThrow(
                    () -> new AssertionError(name + " mounts nothing at /etc/eaas/kek"));
            assertThat(mount.getReadOnly()).as("KEK mount of %s is read-only", name).isTrue();
            Volume volume = volume(deployment, mount.getName());
            assertThat(volume.getSecret().getSecretName()).as("KEK volume of %s", name).isEqualTo(KEK_SECRET);
            assertThat(volume.getSecret().getDefaultMode()).as("KEK file mode of %s", name).isEqualTo(0440);
            assertThat(volume.getSecret().getItems()).as("KEK items of %s", name).singleElement()
                    .satisfies(item -> {
                        assertThat(item.getKey()).isEqualTo("kek.key");
                        assertThat(item.getPath()).isEqualTo("kek.key");
                    });
        }
    }

    @Test
    void deploymentsMountTheirKafkaUserSecret() throws IOException {
        List<String> userNames = StrictManifestReader.read(USERS_FILE).stream()
                .map(manifest -> ((KafkaUser) manifest.resource()).getMetadata().getName()).toList();
        Properties properties = serviceProperties();
        String keystore = properties.getProperty("ssl.keystore.location");

        for (Map.Entry<Role, Deployment> entry : deploymentsByRole().entrySet()) {
            Deployment deployment = entry.getValue();
            String name = deployment.getMetadata().getName();
            String user = userName(entry.getKey());
            assertThat(userNames).as("KafkaUsers in %s", USERS_FILE).contains(user);

            Volume volume = mountedVolume(deployment, keystore);
            assertThat(volume.getSecret()).as("keystore volume of %s", name).isNotNull();
            assertThat(volume.getSecret().getSecretName()).as("keystore Secret of %s", name).isEqualTo(user);
            assertThat(secretKeyOf(deployment, "EAAS_KEYSTORE_PASSWORD")).as("keystore password of %s", name)
                    .isEqualTo(user + "/user.password");
        }
    }

    @Test
    void deploymentsMountClusterCaCertificate() throws IOException {
        String truststore = serviceProperties().getProperty("ssl.truststore.location");

        for (Deployment deployment : deployments()) {
            String name = deployment.getMetadata().getName();
            Volume volume = mountedVolume(deployment, truststore);

            assertThat(volume.getSecret().getSecretName()).as("truststore Secret of %s", name).isEqualTo(CLUSTER_CA_SECRET);
            assertThat(secretKeyOf(deployment, "EAAS_TRUSTSTORE_PASSWORD")).as("truststore password of %s", name)
                    .isEqualTo(CLUSTER_CA_SECRET + "/ca.password");
        }
    }

    @Test
    void deploymentsRunAsNonRootUser() throws IOException {
        for (Deployment deployment : deployments()) {
            PodSpec pod = deployment.getSpec().getTemplate().getSpec();
            String name = deployment.getMetadata().getName();

            assertThat(pod.getSecurityContext().getRunAsNonRoot()).as("runAsNonRoot of %s", name).isTrue();
            assertThat(pod.getSecurityContext().getRunAsUser()).as("runAsUser of %s", name).isEqualTo(1001L);
            assertThat(pod.getSecurityContext().getFsGroup()).as("fsGroup of %s", name).isEqualTo(1001L);
        }
    }

    @Test
    void deploymentsRequestAndLimitResources() throws IOException {
        for (Deployment deployment : deployments()) {
            String name = deployment.getMetadata().getName();
            Map<String, Quantity> requests = container(deployment).getResources().getRequests();
            Map<String, Quantity> limits = container(deployment).getResources().getLimits();

            assertThat(requests).as("requests of %s", name).containsKeys("cpu", "memory");
            assertThat(limits).as("limits of %s", name).containsKeys("cpu", "memory");
            assertThat(bytes(limits.get("memory"))).as("memory limit of %s", name)
                    .isGreaterThanOrEqualTo(bytes(requests.get("memory")));
        }
    }

    @Test
    void keyManagerHasMostMemory() throws IOException {
        Map<Role, Deployment> deployments = deploymentsByRole();
        long keyManagerLimit = bytes(container(deployments.get(Role.KEY_MANAGER)).getResources().getLimits().get("memory"));

        for (Role role : List.of(Role.REGISTRAR, Role.COORDINATOR, Role.CRYPTOR)) {
            long limit = bytes(container(deployments.get(role)).getResources().getLimits().get("memory"));
            assertThat(keyManagerLimit).as("key manager memory limit against %s", role).isGreaterThan(limit);
        }
    }

    @Test
    void deploymentsMountStateFolder() throws IOException {
        String stateDir = serviceProperties().getProperty("state.dir");

        for (Deployment deployment : deployments()) {
            VolumeMount mount = mount(deployment, stateDir).orElseThrow(
                    () -> new AssertionError(deployment.getMetadata().getName() + " mounts nothing at " + stateDir));
            assertThat(mount.getReadOnly()).as("state mount of %s", deployment.getMetadata().getName()).isNotEqualTo(true);
        }
    }

    @Test
    void configUsesTlsAndExistingTopics() throws IOException {
        Properties properties = serviceProperties();

        assertThat(properties.getProperty("bootstrap.servers")).isEqualTo("eaas-kafka-bootstrap:9093");
        assertThat(properties.getProperty("security.protocol")).isEqualTo("SSL");
        assertThat(properties.getProperty("ssl.keystore.type")).isEqualTo("PKCS12");
        assertThat(properties.getProperty("ssl.truststore.type")).isEqualTo("PKCS12");
        assertThat(properties.getProperty("ssl.keystore.password")).isEqualTo("${env:EAAS_KEYSTORE_PASSWORD}");
        assertThat(properties.getProperty("ssl.truststore.password")).isEqualTo("${env:EAAS_TRUSTSTORE_PASSWORD}");
        assertThat(properties.getProperty("config.providers")).isEqualTo("env");
        assertThat(properties.getProperty("config.providers.env.class"))
                .isEqualTo(org.apache.kafka.common.config.provider.EnvVarConfigProvider.class.getName());
        assertThat(properties.getProperty("topics.create")).isEqualTo("false");
        assertThat(properties.getProperty("topics.replication.factor"))
                .isEqualTo(String.valueOf(TopicManifests.REPLICATION_FACTOR));
        assertThat(properties.getProperty("topics.work.partitions")).isEqualTo(String.valueOf(TopicManifests.WORK_PARTITIONS));
        assertThat(properties.getProperty(ServiceConfig.COORDINATOR_KEY_LEASE_MS))
                .isEqualTo(String.valueOf(TopicManifests.deploymentConfig().keyLeaseMs()));
        assertThat(properties.getProperty("health.bind.address")).isEqualTo("0.0.0.0");
    }

    @Test
    void misspeltDeploymentFieldIsRejected() {
        String yaml = """
                apiVersion: apps/v1
                kind: Deployment
                metadata:
                  name: eaas-cryptor
                spec:
                  replicaz: 2
                  selector:
                    matchLabels:
                      app: eaas-cryptor
                """;

        assertThatThrownBy(() -> StrictManifestReader.readDocument(yaml))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("replicaz");
    }

    @Test
    void misspeltProbeFieldIsRejected() {
        String yaml = """
                apiVersion: apps/v1
                kind: Deployment
                metadata:
                  name: eaas-cryptor
                spec:
                  template:
                    spec:
                      containers:
                        - name: cryptor
                          readinessProbe:
                            httpGet:
                              paht: /readyz
                              port: 8080
                """;

        assertThatThrownBy(() -> StrictManifestReader.readDocument(yaml))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("paht");
    }

    @Test
    void misspeltConfigMapFieldIsRejected() {
        String yaml = """
                apiVersion: v1
                kind: ConfigMap
                metadata:
                  name: eaas-config
                dat:
                  service.properties: ""
                """;

        assertThatThrownBy(() -> StrictManifestReader.readDocument(yaml))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("dat");
    }

    private static void assertProbe(String description, Container container, Probe probe, String path) {
        assertThat(probe).as(description).isNotNull();
        HTTPGetAction httpGet = probe.getHttpGet();
        assertThat(httpGet).as("%s is an HTTP GET", description).isNotNull();
        assertThat(httpGet.getPath()).as("%s path", description).isEqualTo(path);
        assertThat(resolvePort(container, httpGet.getPort())).as("%s port", description).isEqualTo(HEALTH_PORT);
    }

    /** Returns the number of a probe's port, looking a port name up among the container's ports. */
    private static int resolvePort(Container container, IntOrString port) {
        if (port.getIntVal() != null) {
            return port.getIntVal();
        }
        return container.getPorts().stream()
                .filter(candidate -> port.getStrVal().equals(candidate.getName()))
                .map(ContainerPort::getContainerPort)
                .findFirst()
                .orElseThrow(() -> new AssertionError("Container " + container.getName() + " has no port named "
                        + port.getStrVal()));
    }

    private static List<Deployment> deployments() throws IOException {
        return StrictManifestReader.read(WORKLOADS_FILE).stream()
                .map(StrictManifestReader.Manifest::resource)
                .filter(Deployment.class::isInstance)
                .map(Deployment.class::cast)
                .toList();
    }

    /** Returns the Deployments by the single role their {@code --roles} argument names. */
    private static Map<Role, Deployment> deploymentsByRole() throws IOException {
        Map<Role, Deployment> byRole = new TreeMap<>();
        for (Deployment deployment : deployments()) {
            List<String> args = container(deployment).getArgs();
            int rolesIndex = args.indexOf("--roles");
            assertThat(rolesIndex).as("--roles in args of %s", deployment.getMetadata().getName()).isNotNegative();
            Role role = Arrays.stream(Role.values())
                    .filter(candidate -> candidate.cliName().equals(args.get(rolesIndex + 1)))
                    .findFirst()
                    .orElseThrow(() -> new AssertionError(deployment.getMetadata().getName() + " runs unknown role "
                            + args.get(rolesIndex + 1)));
            Deployment previous = byRole.put(role, deployment);
            assertThat(previous).as("second Deployment of role %s", role).isNull();
        }
        return byRole;
    }

    private static String userName(Role role) {
        return UserManifests.roleUserName(role, TopicManifests.deploymentConfig());
    }

    private static Container container(Deployment deployment) {
        List<Container> containers = deployment.getSpec().getTemplate().getSpec().getContainers();
        assertThat(containers).as("containers of %s", deployment.getMetadata().getName()).hasSize(1);
        return containers.get(0);
    }

    private static Optional<EnvVar> env(Deployment deployment, String name) {
        return container(deployment).getEnv().stream().filter(variable -> name.equals(variable.getName())).findFirst();
    }

    /** Returns the Secret and key an environment variable takes its value from, as {@code secret/key}. */
    private static String secretKeyOf(Deployment deployment, String variable) {
        EnvVar env = env(deployment, variable).orElseThrow(
                () -> new AssertionError(deployment.getMetadata().getName() + " does not set " + variable));
        var selector = env.getValueFrom().getSecretKeyRef();
        return selector.getName() + "/" + selector.getKey();
    }

    private static Optional<VolumeMount> mount(Deployment deployment, String mountPath) {
        return container(deployment).getVolumeMounts().stream()
                .filter(mount -> mountPath.equals(mount.getMountPath()))
                .findFirst();
    }

    /** Returns the volume that provides {@code file}, a file in a folder the container mounts. */
    private static Volume mountedVolume(Deployment deployment, String file) {
        Path path = Path.of(file);
        VolumeMount mount = mount(deployment, path.getParent().toString()).orElseThrow(
                () -> new AssertionError(deployment.getMetadata().getName() + " mounts nothing at " + path.getParent()));
        Volume volume = volume(deployment, mount.getName());
        assertThat(volume.getSecret().getItems().stream().map(item -> item.getPath()).toList())
                .as("files of volume %s in %s", volume.getName(), deployment.getMetadata().getName())
                .contains(path.getFileName().toString());
        return volume;
    }

    private static Volume volume(Deployment deployment, String name) {
        return deployment.getSpec().getTemplate().getSpec().getVolumes().stream()
                .filter(volume -> name.equals(volume.getName()))
                .findFirst()
                .orElseThrow(() -> new AssertionError(deployment.getMetadata().getName() + " has no volume " + name));
    }

    private static Properties serviceProperties() throws IOException {
        List<ConfigMap> configMaps = StrictManifestReader.read(WORKLOADS_FILE).stream()
                .map(StrictManifestReader.Manifest::resource)
                .filter(ConfigMap.class::isInstance)
                .map(ConfigMap.class::cast)
                .filter(configMap -> CONFIG_MAP_NAME.equals(configMap.getMetadata().getName()))
                .toList();
        assertThat(configMaps).as("ConfigMap %s in %s", CONFIG_MAP_NAME, WORKLOADS_FILE).hasSize(1);
        String text = configMaps.get(0).getData().get("service.properties");
        assertThat(text).as("service.properties in ConfigMap %s", CONFIG_MAP_NAME).isNotNull();
        Properties properties = new Properties();
        properties.load(new StringReader(text));
        return properties;
    }

    private static long bytes(Quantity quantity) {
        return Quantity.getAmountInBytes(quantity).longValueExact();
    }
}
