package dev.eaas.strimzi;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.strimzi.api.kafka.model.kafka.Kafka;
import io.strimzi.api.kafka.model.nodepool.KafkaNodePool;
import io.strimzi.api.kafka.model.topic.KafkaTopic;
import io.strimzi.api.kafka.model.user.KafkaUser;
import java.util.Map;
import java.util.Optional;

/**
 * The manifest kinds the tests can parse: for each {@code kind}, the {@code apiVersion} the manifests must use and
 * the model class a document is read into.
 *
 * <p>A document of a kind missing here fails {@link ManifestModelTest}, so a new kind of manifest arrives
 * together with its entry. Kubernetes kinds take fabric8's model classes, and a {@code Kustomization} takes
 * {@link Kustomization}, because fabric8 has no model of it.
 */
final class ManifestKinds {

    /** API version of every Strimzi resource in the manifests. */
    static final String STRIMZI_API_VERSION = "kafka.strimzi.io/v1";

    /** The expected API version and the model class of one kind. */
    record Kind(String apiVersion, Class<?> modelClass) {
    }

    /** API version of Kubernetes' core resources, such as a ConfigMap. */
    static final String CORE_API_VERSION = "v1";

    /** API version of Kubernetes' workload resources, such as a Deployment. */
    static final String APPS_API_VERSION = "apps/v1";

    private static final Map<String, Kind> KINDS = Map.of(
            Kafka.RESOURCE_KIND, new Kind(STRIMZI_API_VERSION, Kafka.class),
            KafkaNodePool.RESOURCE_KIND, new Kind(STRIMZI_API_VERSION, KafkaNodePool.class),
            KafkaTopic.RESOURCE_KIND, new Kind(STRIMZI_API_VERSION, KafkaTopic.class),
            KafkaUser.RESOURCE_KIND, new Kind(STRIMZI_API_VERSION, KafkaUser.class),
            "ConfigMap", new Kind(CORE_API_VERSION, ConfigMap.class),
            "Deployment", new Kind(APPS_API_VERSION, Deployment.class),
            Kustomization.KIND, new Kind(Kustomization.API_VERSION, Kustomization.class));

    private ManifestKinds() {
    }

    /** Returns the entry of a kind, or empty if no test can parse that kind yet. */
    static Optional<Kind> lookup(String kind) {
        return Optional.ofNullable(KINDS.get(kind));
    }
}
