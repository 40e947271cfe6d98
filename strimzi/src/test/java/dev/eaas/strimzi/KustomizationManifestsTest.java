package dev.eaas.strimzi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.apps.Deployment;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class KustomizationManifestsTest {

    private static final Path BASE = ManifestFiles.ROOT.resolve("base");

    private static final Path OVERLAYS = ManifestFiles.ROOT.resolve("overlays");

    /** Replica counts of the scenarios, by overlay and Deployment name. */
    private static final Map<String, Map<String, Integer>> SCENARIO_REPLICAS = Map.of(
            "alpha", Map.of("eaas-registrar", 1, "eaas-coordinator-1", 1, "eaas-key-manager", 1, "eaas-cryptor", 1),
            "beta", Map.of("eaas-registrar", 1, "eaas-coordinator-1", 1, "eaas-key-manager", 2, "eaas-cryptor", 2),
            "lambda", Map.of("eaas-registrar", 1, "eaas-coordinator-1", 5, "eaas-key-manager", 5, "eaas-cryptor", 5));

    static Stream<Path> kustomizationFiles() {
        return ManifestFiles.yamlFiles().stream()
                .filter(file -> file.getFileName().toString().equals(Kustomization.FILE_NAME));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("kustomizationFiles")
    void listedResourcesExist(Path file) throws IOException {
        Kustomization kustomization = readKustomization(file);

        assertThat(kustomization.resources()).as("resources of %s", file).isNotEmpty();
        for (String resource : kustomization.resources()) {
            Path target = file.getParent().resolve(resource).normalize();
            if (Files.isDirectory(target)) {
                assertThat(target.resolve(Kustomization.FILE_NAME)).as("%s in %s", Kustomization.FILE_NAME, file)
                        .isRegularFile();
            } else {
                assertThat(target).as("resource %s of %s", resource, file).isRegularFile();
            }
        }
        for (Kustomization.Patch patch : kustomization.patches()) {
            if (patch.path() != null) {
                assertThat(file.getParent().resolve(patch.path())).as("patch of %s", file).isRegularFile();
            }
        }
    }

    @Test
    void baseListsEveryManifest() throws IOException {
        Kustomization base = readKustomization(BASE.resolve(Kustomization.FILE_NAME));

        List<String> manifests;
        try (Stream<Path> files = Files.list(BASE)) {
            manifests = files.map(file -> file.getFileName().toString())
                    .filter(name -> name.endsWith(".yaml") && !name.equals(Kustomization.FILE_NAME))
                    .toList();
        }
        assertThat(base.resources()).containsExactlyInAnyOrderElementsOf(manifests)
                .containsExactlyInAnyOrder("kafka.yaml", "topics.yaml", "users.yaml", "workloads.yaml");
    }

    @Test
    void overlaysCoverTheScenarios() throws IOException {
        List<String> overlays;
        try (Stream<Path> folders = Files.list(OVERLAYS)) {
            overlays = folders.filter(Files::isDirectory).map(folder -> folder.getFileName().toString()).toList();
        }

        assertThat(overlays).containsExactlyInAnyOrderElementsOf(SCENARIO_REPLICAS.keySet());
    }

    @Test
    void overlaysBuildOnBase() throws IOException {
        for (String scenario : SCENARIO_REPLICAS.keySet()) {
            Path file = overlayFile(scenario);
            Kustomization overlay = readKustomization(file);

            assertThat(overlay.resources()).as("resources of %s", file).containsExactly("../../base");
            assertThat(file.getParent().resolve("../../base").normalize()).isEqualTo(BASE.normalize());
        }
    }

    @Test
    void overlaysSetScenarioReplicas() throws IOException {
        for (Map.Entry<String, Map<String, Integer>> scenario : SCENARIO_REPLICAS.entrySet()) {
            Kustomization overlay = readKustomization(overlayFile(scenario.getKey()));
            Map<String, Integer> replicas = overlay.replicas().stream()
                    .collect(Collectors.toMap(Kustomization.Replica::name, Kustomization.Replica::count,
                            (first, second) -> {
                                throw new AssertionError("Two replica counts for one Deployment in " + scenario.getKey());
                            },
                            TreeMap::new));

            assertThat(replicas).as("replicas of scenario %s", scenario.getKey())
                    .containsExactlyInAnyOrderEntriesOf(scenario.getValue());
            assertThat(overlay.patches()).as("patches of scenario %s", scenario.getKey()).isEmpty();
        }
    }

    @Test
    void replicasNameExistingDeployments() throws IOException {
        List<String> deployments = ManifestFiles.resourcesOf(Deployment.class).stream()
                .map(deployment -> deployment.getMetadata().getName())
                .toList();

        for (String scenario : SCENARIO_REPLICAS.keySet()) {
            for (Kustomization.Replica replica : readKustomization(overlayFile(scenario)).replicas()) {
                assertThat(deployments).as("Deployments for replicas of %s", scenario).contains(replica.name());
            }
        }
    }

    @Test
    void usefulReplicasStayWithinWorkPartitions() {
        for (Map.Entry<String, Map<String, Integer>> scenario : SCENARIO_REPLICAS.entrySet()) {
            for (String deployment : List.of("eaas-key-manager", "eaas-cryptor")) {
                assertThat(scenario.getValue().get(deployment)).as("%s replicas in %s", deployment, scenario.getKey())
                        .isLessThanOrEqualTo(TopicManifests.WORK_PARTITIONS);
            }
        }
    }

    @Test
    void misspeltKustomizationFieldIsRejected() {
        String yaml = """
                apiVersion: kustomize.config.k8s.io/v1beta1
                kind: Kustomization
                resources:
                  - ../../base
                replica:
                  - name: eaas-cryptor
                    count: 2
                """;

        assertThatThrownBy(() -> StrictManifestReader.readDocument(yaml))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("replica");
    }

    @Test
    void misspeltReplicaFieldIsRejected() {
        String yaml = """
                apiVersion: kustomize.config.k8s.io/v1beta1
                kind: Kustomization
                replicas:
                  - nmae: eaas-cryptor
                    count: 2
                """;

        assertThatThrownBy(() -> StrictManifestReader.readDocument(yaml))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("nmae");
    }

    @Test
    void replicaWithoutCountIsRejected() {
        String yaml = """
                apiVersion: kustomize.config.k8s.io/v1beta1
                kind: Kustomization
                replicas:
                  - name: eaas-cryptor
                """;

        assertThatThrownBy(() -> StrictManifestReader.readDocument(yaml))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("count");
    }

    @Test
    void namespaceAndPatchAreAccepted() throws IOException {
        String yaml = """
                apiVersion: kustomize.config.k8s.io/v1beta1
                kind: Kustomization
                namespace: eaas-lambda
                resources:
                  - ../../base
                patches:
                  - path: threads.yaml
                    target:
                      kind: Deployment
                      name: eaas-cryptor
                """;

        Kustomization kustomization = (Kustomization) StrictManifestReader.readDocument(yaml).resource();

        assertThat(kustomization.namespace()).isEqualTo("eaas-lambda");
        assertThat(kustomization.patches()).singleElement()
                .satisfies(patch -> assertThat(patch.target().name()).isEqualTo("eaas-cryptor"));
    }

    private static Path overlayFile(String scenario) {
        return OVERLAYS.resolve(scenario).resolve(Kustomization.FILE_NAME);
    }

    private static Kustomization readKustomization(Path file) throws IOException {
        List<StrictManifestReader.Manifest> manifests = StrictManifestReader.read(file);
        assertThat(manifests).as("documents in %s", file).hasSize(1);
        assertThat(manifests.get(0).resource()).as(file.toString()).isInstanceOf(Kustomization.class);
        return (Kustomization) manifests.get(0).resource();
    }
}
