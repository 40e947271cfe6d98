package dev.eaas.strimzi;

import java.util.List;

/**
 * The fields of a kustomize {@code kustomization.yaml} that the manifests use. {@link StrictManifestReader} rejects
 * any other field, so a kustomization that starts using one extends this record first.
 *
 * @param apiVersion always {@link #API_VERSION}
 * @param kind always {@link #KIND}
 * @param namespace namespace kustomize sets on every resource, or null to keep theirs
 * @param resources files and folders, relative to the kustomization's folder, whose resources it includes
 * @param replicas replica counts that replace those of the named Deployments
 * @param patches patches applied to the included resources
 */
record Kustomization(String apiVersion, String kind, String namespace, List<String> resources, List<Replica> replicas,
                     List<Patch> patches) {

    static final String API_VERSION = "kustomize.config.k8s.io/v1beta1";

    static final String KIND = "Kustomization";

    /** The file name kustomize looks for in a folder. */
    static final String FILE_NAME = "kustomization.yaml";

    Kustomization {
        resources = resources == null ? List.of() : List.copyOf(resources);
        replicas = replicas == null ? List.of() : List.copyOf(replicas);
        patches = patches == null ? List.of() : List.copyOf(patches);
    }

    /** A replica count for the workload named {@code name}. */
    record Replica(String name, int count) {
    }

    /** A patch given inline ({@code patch}) or as a file ({@code path}), applied to the resources {@code target} selects. */
    record Patch(String path, String patch, Target target) {
    }

    /** The selector of a patch's resources. */
    record Target(String group, String version, String kind, String name) {
    }
}
