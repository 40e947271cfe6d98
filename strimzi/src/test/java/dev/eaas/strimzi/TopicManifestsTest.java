package dev.eaas.strimzi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.eaas.topics.TopicCatalogue;
import dev.eaas.topics.TopicSpec;
import io.strimzi.api.kafka.model.topic.KafkaTopic;
import java.io.IOException;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.apache.kafka.common.config.TopicConfig;
import org.junit.jupiter.api.Test;

class TopicManifestsTest {

    private static final Path TOPICS_FILE = ManifestFiles.ROOT.resolve(Path.of("base", "topics.yaml"));

    @Test
    void committedFileMatchesGenerator() throws IOException {
        String committed = Files.readString(TOPICS_FILE, StandardCharsets.UTF_8);

        assertThat(committed)
                .as("%s is out of date with the topic catalogue; regenerate it from the repository root with: %s",
                        TOPICS_FILE, TopicManifests.REGENERATE_COMMAND)
                .isEqualTo(TopicManifests.render());
    }

    @Test
    void committedFileNamesRegenerateCommand() throws IOException {
        List<String> header = Files.readAllLines(TOPICS_FILE, StandardCharsets.UTF_8).subList(0, 3);

        assertThat(header.get(0)).startsWith("# GENERATED");
        assertThat(String.join("\n", header)).contains(TopicManifests.REGENERATE_COMMAND);
    }

    @Test
    void kafkaTopicsCoverCatalogueTopics() throws IOException {
        TopicCatalogue catalogue = TopicManifests.deploymentConfig().catalogue();
        List<String> expected = catalogue.serviceTopics().stream().map(TopicSpec::name).collect(Collectors.toList());
        expected.add(TopicCatalogue.cryptoResultTopic(TopicManifests.COORDINATOR_ID));

        assertThat(kafkaTopics().keySet()).containsExactlyInAnyOrderElementsOf(expected);
    }

    @Test
    void kafkaTopicsMatchCatalogueSpecs() throws IOException {
        Map<String, KafkaTopic> kafkaTopics = kafkaTopics();

        for (TopicSpec spec : TopicManifests.topics()) {
            KafkaTopic topic = kafkaTopics.get(spec.name());
            assertThat(topic).as("KafkaTopic for %s", spec.name()).isNotNull();
            assertThat(topic.getSpec().getPartitions()).as("partitions of %s", spec.name()).isEqualTo(spec.partitions());
            assertThat(topic.getSpec().getReplicas()).as("replicas of %s", spec.name())
                    .isEqualTo((int) spec.replicationFactor());
            assertThat(configsAsStrings(topic)).as("config of %s", spec.name())
                    .containsAllEntriesOf(spec.configs())
                    .containsEntry(TopicConfig.MIN_IN_SYNC_REPLICAS_CONFIG, "2")
                    .hasSize(spec.configs().size() + 1);
        }
    }

    @Test
    void kafkaTopicsUseDeploymentSizes() throws IOException {
        Map<String, KafkaTopic> kafkaTopics = kafkaTopics();

        assertThat(kafkaTopics.get(TopicCatalogue.KEY_REQUESTS).getSpec().getPartitions()).isEqualTo(6);
        assertThat(kafkaTopics.get(TopicCatalogue.cryptoResultTopic(1)).getSpec().getPartitions()).isEqualTo(6);
        for (KafkaTopic topic : kafkaTopics.values()) {
            assertThat(topic.getSpec().getReplicas()).as(topic.getSpec().getTopicName()).isEqualTo(3);
        }
    }

    @Test
    void kafkaTopicsBelongToCluster() throws IOException {
        for (KafkaTopic topic : kafkaTopics().values()) {
            assertThat(topic.getMetadata().getLabels()).as(topic.getMetadata().getName())
                    .containsEntry("strimzi.io/cluster", "eaas");
        }
    }

    @Test
    void kafkaTopicsSetOnlyKnownTopicConfigs() throws IOException {
        Set<String> known = topicConfigNames();

        for (KafkaTopic topic : kafkaTopics().values()) {
            assertThat(known).as("known topic configs").containsAll(topic.getSpec().getConfig().keySet());
        }
    }

    @Test
    void kafkaTopicsExcludeSubscriberTopics() throws IOException {
        for (String topicName : kafkaTopics().keySet()) {
            assertThat(topicName).doesNotStartWith(TopicCatalogue.REQUESTS_PREFIX)
                    .doesNotStartWith(TopicCatalogue.REPLIES_PREFIX)
                    .doesNotStartWith(TopicCatalogue.REGISTRATION_PREFIX);
        }
    }

    @Test
    void resourceNameReplacesDotsAndUpperCase() {
        assertThat(TopicManifests.resourceName("eaas.key-admin.replies")).isEqualTo("eaas-key-admin-replies");
        assertThat(TopicManifests.resourceName("Eaas_Dead.Letters")).isEqualTo("eaas-dead-letters");
    }

    @Test
    void resourceNameRejectsTrailingDot() {
        assertThatThrownBy(() -> TopicManifests.resourceName("eaas."))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'eaas.'");
    }

    @Test
    void renderRejectsTwoTopicsWithOneResourceName() {
        List<TopicSpec> clashing = List.of(
                new TopicSpec("eaas.a-b", 1, (short) 3, Map.of()),
                new TopicSpec("eaas.a.b", 1, (short) 3, Map.of()));

        assertThatThrownBy(() -> TopicManifests.render(clashing))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'eaas.a-b'")
                .hasMessageContaining("'eaas.a.b'");
    }

    @Test
    void renderIsDeterministic() {
        assertThat(TopicManifests.render()).isEqualTo(TopicManifests.render());
    }

    /** Returns the file's KafkaTopics by Kafka topic name, checking that each has exactly one. */
    private static Map<String, KafkaTopic> kafkaTopics() throws IOException {
        List<KafkaTopic> topics = StrictManifestReader.read(TOPICS_FILE).stream()
                .map(StrictManifestReader.Manifest::resource)
                .map(KafkaTopic.class::cast)
                .toList();
        for (KafkaTopic topic : topics) {
            assertThat(topic.getSpec().getTopicName()).as("spec.topicName of %s", topic.getMetadata().getName())
                    .isNotBlank();
        }
        return topics.stream().collect(Collectors.toMap(topic -> topic.getSpec().getTopicName(), Function.identity(),
                (first, second) -> {
                    throw new AssertionError("Duplicate KafkaTopic for topic " + first.getSpec().getTopicName());
                },
                TreeMap::new));
    }

    private static Map<String, String> configsAsStrings(KafkaTopic topic) {
        return topic.getSpec().getConfig().entrySet().stream()
                .collect(Collectors.toMap(Map.Entry::getKey, entry -> String.valueOf(entry.getValue())));
    }

    /** Returns the topic-level config names that Kafka's client library declares in {@link TopicConfig}. */
    private static Set<String> topicConfigNames() {
        return Arrays.stream(TopicConfig.class.getFields())
                .filter(field -> Modifier.isStatic(field.getModifiers()) && field.getName().endsWith("_CONFIG"))
                .map(TopicManifestsTest::stringValue)
                .collect(Collectors.toSet());
    }

    private static String stringValue(Field field) {
        try {
            return (String) field.get(null);
        } catch (IllegalAccessException e) {
            throw new IllegalStateException("Failed to read " + field, e);
        }
    }
}
