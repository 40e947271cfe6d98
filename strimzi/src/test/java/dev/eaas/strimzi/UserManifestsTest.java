package dev.eaas.strimzi;

import static org.assertj.core.api.Assertions.assertThat;

import dev.eaas.topics.TopicCatalogue;
import dev.eaas.topology.service.AclPlan;
import dev.eaas.topology.service.Role;
import io.strimzi.api.kafka.model.user.KafkaUser;
import io.strimzi.api.kafka.model.user.KafkaUserAuthorizationSimple;
import io.strimzi.api.kafka.model.user.KafkaUserTlsClientAuthentication;
import io.strimzi.api.kafka.model.user.acl.AclRule;
import io.strimzi.api.kafka.model.user.acl.AclRuleTopicResource;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.kafka.common.acl.AclOperation;
import org.junit.jupiter.api.Test;

class UserManifestsTest {

    private static final Path USERS_FILE = ManifestFiles.ROOT.resolve(Path.of("base", "users.yaml"));

    @Test
    void committedFileMatchesGenerator() throws IOException {
        String committed = Files.readString(USERS_FILE, StandardCharsets.UTF_8);

        assertThat(committed)
                .as("%s is out of date with the ACL plan; regenerate it from the repository root with: %s",
                        USERS_FILE, TopicManifests.REGENERATE_COMMAND)
                .isEqualTo(UserManifests.render());
    }

    @Test
    void roleUsersCarryPlanAcls() throws IOException {
        List<StrictManifestReader.Manifest> users = StrictManifestReader.read(USERS_FILE);

        assertThat(users).hasSize(Role.values().length + 2);
        for (Role role : Role.values()) {
            String name = UserManifests.roleUserName(role, TopicManifests.deploymentConfig());
            KafkaUser user = users.stream().map(manifest -> (KafkaUser) manifest.resource())
                    .filter(candidate -> candidate.getMetadata().getName().equals(name)).findFirst().orElseThrow();
            assertThat(user.getSpec().getAuthentication()).isInstanceOf(KafkaUserTlsClientAuthentication.class);
            List<AclRule> acls = ((KafkaUserAuthorizationSimple) user.getSpec().getAuthorization()).getAcls();
            long operations = acls.stream().mapToLong(acl -> acl.getOperations().size()).sum();
            assertThat(operations).as("ACL operations of %s", name)
                    .isEqualTo(AclPlan.forRole(role, TopicManifests.deploymentConfig()).size());
        }
    }

    @Test
    void loadGeneratorUserIsSubscriber() throws IOException {
        KafkaUser user = StrictManifestReader.read(USERS_FILE).stream().map(manifest -> (KafkaUser) manifest.resource())
                .filter(candidate -> candidate.getMetadata().getName().equals(UserManifests.LOAD_GENERATOR_USER_NAME))
                .findFirst().orElseThrow();

        assertThat(user.getSpec().getQuotas().getProducerByteRate()).isEqualTo(UserManifests.SUBSCRIBER_PRODUCE_BYTES_PER_SECOND);
        List<AclRule> acls = ((KafkaUserAuthorizationSimple) user.getSpec().getAuthorization()).getAcls();
        assertThat(acls.stream().mapToLong(acl -> acl.getOperations().size()).sum())
                .isEqualTo(AclPlan.forSubscriber(UserManifests.LOAD_GENERATOR_SUBSCRIBER).size());
        assertThat(acls).allSatisfy(acl -> assertThat(((AclRuleTopicResource) acl.getResource()).getName())
                .contains("subscriber-" + UserManifests.LOAD_GENERATOR_SUBSCRIBER));
    }

    @Test
    void subscriberUserParsesAndStaysInItsTopics() throws IOException {
        KafkaUser user = (KafkaUser) StrictManifestReader.readDocument(
                UserManifests.render(List.of(UserManifests.subscriberUser(7)))).resource();

        assertThat(user.getMetadata().getName()).isEqualTo("eaas-subscriber-7");
        assertThat(user.getSpec().getQuotas().getProducerByteRate()).isEqualTo(UserManifests.SUBSCRIBER_PRODUCE_BYTES_PER_SECOND);
        List<String> topics = ((KafkaUserAuthorizationSimple) user.getSpec().getAuthorization()).getAcls().stream()
                .map(acl -> ((AclRuleTopicResource) acl.getResource()).getName()).toList();
        assertThat(topics).containsExactlyInAnyOrder(TopicCatalogue.registrationRequestTopic(7), TopicCatalogue.requestTopicPrefix(7),
                TopicCatalogue.replyTopic(7), TopicCatalogue.registrationReplyTopic(7));
    }

    @Test
    void operationNamesFollowStrimzi() {
        assertThat(UserManifests.operation(AclOperation.DESCRIBE_CONFIGS)).isEqualTo("DescribeConfigs");
        assertThat(UserManifests.operation(AclOperation.READ)).isEqualTo("Read");
    }
}
