package dev.eaas.strimzi;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.SequenceWriter;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.eaas.topics.TopicCatalogue;
import dev.eaas.topics.TopicSpec;
import dev.eaas.topology.common.ServiceConfig;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;
import org.apache.kafka.common.config.TopicConfig;

/**
 * Writes {@code manifests/base/topics.yaml}: one Strimzi {@code KafkaTopic} per topic that must exist before the
 * service starts, taken from {@link TopicCatalogue} for the deployment the manifests describe.
 *
 * <p>The output depends only on the catalogue, so the committed file can be compared with a fresh rendering.
 * Documents follow the catalogue's order, and each topic's configs are sorted by key.
 */
public final class TopicManifests {

    /** Name of the Strimzi {@code Kafka} resource the topics belong to. */
    public static final String CLUSTER_NAME = "eaas";

    /** API version of the generated resources. Strimzi 0.49 is the first release that serves it. */
    public static final String API_VERSION = "kafka.strimzi.io/v1";

    public static final String KIND = "KafkaTopic";

    /** Label by which the topic operator selects the {@code KafkaTopic}s of its cluster. */
    public static final String CLUSTER_LABEL = "strimzi.io/cluster";

    public static final int WORK_PARTITIONS = 6;

    public static final short REPLICATION_FACTOR = 3;

    /** With 3 replicas, a write acknowledged by all in-sync replicas survives the loss of one broker. */
    public static final int MIN_INSYNC_REPLICAS = 2;

    /** The coordinator the manifests deploy. Each other coordinator id needs a results topic of its own. */
    public static final int COORDINATOR_ID = 1;

    /** The command that rewrites the committed file, run from the repository root. */
    public static final String REGENERATE_COMMAND = "./mvnw -q -pl strimzi -am process-classes -Pregenerate-manifests";

    /** Location of the generated file, relative to this module's folder. */
    public static final Path DEFAULT_OUTPUT = Path.of("manifests", "base", "topics.yaml");

    /** Kubernetes object names: lower-case letters, digits, '-' and '.', starting and ending with a letter or digit. */
    private static final Pattern OBJECT_NAME = Pattern.compile("[a-z0-9]([-a-z0-9]*[a-z0-9])?");

    private static final int OBJECT_NAME_MAX_CHARS = 253;

    private static final YAMLMapper YAML = YAMLMapper.builder()
            .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES)
            .enable(YAMLGenerator.Feature.ALWAYS_QUOTE_NUMBERS_AS_STRINGS)
            .build();

    private TopicManifests() {
    }

    /**
     * Writes the manifest to the path given as the only argument, or to {@link #DEFAULT_OUTPUT} without one.
     */
    public static void main(String[] args) throws IOException {
        if (args.length > 1) {
            throw new IllegalArgumentException("Invalid arguments: expected at most one, the output file, but got "
                    + args.length);
        }
        Path output = args.length == 1 ? Path.of(args[0]) : DEFAULT_OUTPUT;
        List<TopicSpec> topics = topics();
        Files.writeString(output, render(topics), StandardCharsets.UTF_8);
        System.out.println("Wrote " + topics.size() + " KafkaTopic resources to " + output.toAbsolutePath());
    }

    /** Returns the service settings of the deployment the manifests describe. */
    public static ServiceConfig deploymentConfig() {
        Map<String, Object> settings = new HashMap<>();
        settings.put(ServiceConfig.WORK_PARTITIONS, WORK_PARTITIONS);
        settings.put(ServiceConfig.REPLICATION_FACTOR, REPLICATION_FACTOR);
        settings.put(ServiceConfig.COORDINATOR_ID, COORDINATOR_ID);
        // As in the ConfigMap of workloads.yaml: coordinators hold no KEK there.
        settings.put(ServiceConfig.COORDINATOR_KEY_LEASE_MS, 0L);
        return new ServiceConfig(settings);
    }

    /**
     * Returns the topics in the manifest: the catalogue's service topics and the results topic of the deployed
     * coordinator. Subscriber topics are created per subscriber and are not included.
     */
    public static List<TopicSpec> topics() {
        ServiceConfig config = deploymentConfig();
        TopicCatalogue catalogue = config.catalogue();
        List<TopicSpec> topics = new ArrayList<>(catalogue.serviceTopics());
        topics.add(catalogue.coordinatorTopic(config.coordinatorId()));
        return topics;
    }

    /** Returns the topic's configs as the manifest sets them: the catalogue's, plus the cluster's minimum ISR unless the catalogue sets one. */
    public static Map<String, String> manifestConfigs(TopicSpec topic) {
        Map<String, String> configs = new TreeMap<>(topic.configs());
        configs.putIfAbsent(TopicConfig.MIN_IN_SYNC_REPLICAS_CONFIG, Integer.toString(MIN_INSYNC_REPLICAS));
        return configs;
    }

    /**
     * Derives a {@code KafkaTopic}'s {@code metadata.name} from a Kafka topic name: lower case, with every
     * character other than a letter or digit replaced by '-'. The Kafka name itself goes in
     * {@code spec.topicName}, so the mapping need not be reversible, but {@link #render} rejects two topics that
     * map to one name.
     *
     * @throws IllegalArgumentException if no valid object name can be derived
     */
    public static String resourceName(String topicName) {
        String name = topicName.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]", "-");
        if (name.length() > OBJECT_NAME_MAX_CHARS || !OBJECT_NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("Invalid KafkaTopic name '" + name + "' derived from topic '" + topicName
                    + "'; a Kubernetes object name must start and end with a letter or digit and have at most "
                    + OBJECT_NAME_MAX_CHARS + " characters");
        }
        return name;
    }

    /** Renders the file for {@link #topics()}. */
    public static String render() {
        return render(topics());
    }

    /**
     * Renders the header comment, then one YAML document per topic.
     *
     * @throws IllegalArgumentException if a topic name yields no valid object name, or two yield the same one
     */
    public static String render(List<TopicSpec> topics) {
        return header() + renderDocuments(topics);
    }

    private static String renderDocuments(List<TopicSpec> topics) {
        StringWriter yaml = new StringWriter();
        Map<String, String> topicByResourceName = new HashMap<>();
        try (SequenceWriter writer = YAML.writer().writeValues(yaml)) {
            for (TopicSpec topic : topics) {
                String resourceName = resourceName(topic.name());
                String previous = topicByResourceName.putIfAbsent(resourceName, topic.name());
                if (previous != null) {
                    throw new IllegalArgumentException("Topics '" + previous + "' and '" + topic.name()
                            + "' both map to the KafkaTopic name '" + resourceName + "'; rename one of them");
                }
                writer.write(document(topic, resourceName));
            }
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Failed to write KafkaTopic YAML: " + e.getOriginalMessage(), e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return yaml.toString();
    }

    private static Map<String, Object> document(TopicSpec topic, String resourceName) {
        Map<String, Object> metadata = new LinkedHashMap<>();
        metadata.put("name", resourceName);
        metadata.put("labels", Map.of(CLUSTER_LABEL, CLUSTER_NAME));

        Map<String, Object> spec = new LinkedHashMap<>();
        spec.put("topicName", topic.name());
        spec.put("partitions", topic.partitions());
        spec.put("replicas", (int) topic.replicationFactor());
        spec.put("config", manifestConfigs(topic));

        Map<String, Object> document = new LinkedHashMap<>();
        document.put("apiVersion", API_VERSION);
        document.put("kind", KIND);
        document.put("metadata", metadata);
        document.put("spec", spec);
        return document;
    }

    private static String header() {
        return "# GENERATED by dev.eaas.strimzi.TopicManifests from the topic catalogue. Do not edit by hand.\n"
                + "# Regenerate from the repository root with:\n"
                + "#   " + REGENERATE_COMMAND + "\n"
                + "#\n"
                + "# The topics that must exist before the service starts, for " + WORK_PARTITIONS + " work partitions,\n"
                + "# replication factor " + REPLICATION_FACTOR + " and min.insync.replicas " + MIN_INSYNC_REPLICAS
                + ", plus the results topic of coordinator " + COORDINATOR_ID + ".\n"
                + "# Subscriber topics are created per subscriber and are not listed here.\n";
    }
}
