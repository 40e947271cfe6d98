package dev.eaas.topology.service;

import static org.assertj.core.api.Assertions.assertThat;

import dev.eaas.topics.TopicCatalogue;
import dev.eaas.topology.common.ServiceConfig;
import dev.eaas.topology.keymanager.KeyManagerTopology;
import dev.eaas.topology.service.AclPlan.Grant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.resource.PatternType;
import org.apache.kafka.common.resource.ResourceType;
import org.apache.kafka.streams.TopologyDescription;
import org.junit.jupiter.api.Test;

/** The ACL plan against the real topologies: every topic a role uses is allowed, and it writes nowhere else. */
class AclPlanTest {

    private static final ServiceConfig CONFIG = new ServiceConfig(Map.of());

    @Test
    void roleTopicsAreAllowed() {
        for (Role role : Role.values()) {
            List<Grant> grants = AclPlan.forRole(role, CONFIG);
            TopologyDescription description = role.topology(CONFIG, null).describe();
            for (TopologyDescription.Subtopology subtopology : description.subtopologies()) {
                for (TopologyDescription.Node node : subtopology.nodes()) {
                    if (node instanceof TopologyDescription.Source source && source.topicSet() != null) {
                        source.topicSet().forEach(topic -> assertThat(allows(grants, topic, AclOperation.READ))
                                .as("%s reads %s", role, topic).isTrue());
                    }
                    if (node instanceof TopologyDescription.Sink sink && sink.topic() != null) {
                        assertThat(allows(grants, sink.topic(), AclOperation.WRITE)).as("%s writes %s", role, sink.topic())
                                .isTrue();
                    }
                }
            }
        }
    }

    @Test
    void dynamicTopicsOfEveryRoleAreAllowed() {
        assertThat(allows(AclPlan.forRole(Role.COORDINATOR, CONFIG), TopicCatalogue.requestTopic(7, 1), AclOperation.READ))
                .isTrue();
        assertThat(allows(AclPlan.forRole(Role.COORDINATOR, CONFIG), TopicCatalogue.replyTopic(7), AclOperation.WRITE))
                .isTrue();
        assertThat(allows(AclPlan.forRole(Role.REGISTRAR, CONFIG), TopicCatalogue.registrationReplyTopic(7),
                AclOperation.WRITE)).isTrue();
        assertThat(allows(AclPlan.forRole(Role.CRYPTOR, CONFIG), TopicCatalogue.cryptoResultTopic(2), AclOperation.WRITE))
                .isTrue();
    }

    @Test
    void rolesWriteOnlyWhereTheyNeedTo() {
        Map<Role, Set<String>> expected = Map.of(
                Role.REGISTRAR, Set.of(TopicCatalogue.SUBSCRIBERS, TopicCatalogue.REGISTRATION_PREFIX,
                        TopicCatalogue.DEAD_LETTERS, "eaas-registrar-"),
                Role.COORDINATOR, Set.of(TopicCatalogue.KEY_REQUESTS, TopicCatalogue.REPLIES_PREFIX,
                        TopicCatalogue.DEAD_LETTERS, TopicCatalogue.COORDINATOR_HEARTBEATS, "eaas-coordinator-1-"),
                Role.KEY_MANAGER, Set.of(TopicCatalogue.CRYPTO_REQUESTS, TopicCatalogue.KEY_ADMIN_REPLIES,
                        TopicCatalogue.DEAD_LETTERS, "eaas-key-manager-"),
                Role.CRYPTOR, Set.of(TopicCatalogue.RESULTS_PREFIX, TopicCatalogue.DEAD_LETTERS, "eaas-cryptor-"));
        for (Role role : Role.values()) {
            Set<String> written = AclPlan.forRole(role, CONFIG).stream()
                    .filter(grant -> grant.resourceType() == ResourceType.TOPIC && grant.operation() == AclOperation.WRITE)
                    .map(Grant::name).collect(Collectors.toSet());
            assertThat(written).as("topics %s may write", role).isEqualTo(expected.get(role));
        }
    }

    @Test
    void writePrefixesMatchOnlyTheirKind() {
        List<String> samples = List.of(TopicCatalogue.requestTopic(7, 1), TopicCatalogue.replyTopic(7),
                TopicCatalogue.registrationReplyTopic(7), TopicCatalogue.cryptoResultTopic(1), TopicCatalogue.registrationRequestTopic(7),
                TopicCatalogue.SUBSCRIBERS, TopicCatalogue.COORDINATOR_HEARTBEATS, TopicCatalogue.KEY_REQUESTS,
                TopicCatalogue.CRYPTO_REQUESTS, TopicCatalogue.KEY_ADMIN, TopicCatalogue.KEY_ADMIN_REPLIES,
                TopicCatalogue.DEAD_LETTERS);
        assertThat(writable(Role.REGISTRAR, samples)).containsExactlyInAnyOrder(TopicCatalogue.registrationReplyTopic(7),
                TopicCatalogue.SUBSCRIBERS, TopicCatalogue.DEAD_LETTERS);
        assertThat(writable(Role.COORDINATOR, samples)).containsExactlyInAnyOrder(TopicCatalogue.replyTopic(7),
                TopicCatalogue.KEY_REQUESTS, TopicCatalogue.COORDINATOR_HEARTBEATS, TopicCatalogue.DEAD_LETTERS);
        assertThat(writable(Role.KEY_MANAGER, samples)).containsExactlyInAnyOrder(TopicCatalogue.CRYPTO_REQUESTS,
                TopicCatalogue.KEY_ADMIN_REPLIES, TopicCatalogue.DEAD_LETTERS);
        assertThat(writable(Role.CRYPTOR, samples)).containsExactlyInAnyOrder(TopicCatalogue.cryptoResultTopic(1),
                TopicCatalogue.DEAD_LETTERS);
    }

    @Test
    void noIdentityMayDeleteTopics() {
        for (Role role : Role.values()) {
            assertThat(AclPlan.forRole(role, CONFIG)).as("grants of %s", role)
                    .noneMatch(grant -> grant.operation() == AclOperation.DELETE || grant.operation() == AclOperation.ALL
                            || grant.operation() == AclOperation.ALTER || grant.operation() == AclOperation.ALTER_CONFIGS);
        }
        assertThat(AclPlan.forSubscriber(1)).noneMatch(grant -> grant.operation() == AclOperation.DELETE
                || grant.operation() == AclOperation.ALL);
    }

    @Test
    void rolesCreateOnlyTheirInternalTopics() {
        for (Role role : Role.values()) {
            Set<String> created = AclPlan.forRole(role, CONFIG).stream()
                    .filter(grant -> grant.operation() == AclOperation.CREATE).map(Grant::name).collect(Collectors.toSet());
            assertThat(created).as("topics %s may create", role).containsExactly(StreamsSettings.applicationId(CONFIG, role) + "-");
        }
    }

    @Test
    void exactlyOnceRolesGetTheirTransactionalIds() {
        for (Role role : List.of(Role.REGISTRAR, Role.COORDINATOR, Role.KEY_MANAGER)) {
            assertThat(AclPlan.forRole(role, CONFIG)).contains(new Grant(ResourceType.TRANSACTIONAL_ID,
                    StreamsSettings.applicationId(CONFIG, role) + "-", PatternType.PREFIXED, AclOperation.WRITE));
        }
        for (Role role : List.of(Role.CRYPTOR)) {
            assertThat(AclPlan.forRole(role, CONFIG)).noneMatch(grant -> grant.resourceType() == ResourceType.TRANSACTIONAL_ID);
        }
    }

    @Test
    void everyRoleReadsItsOwnGroupAndChangelogs() {
        for (Role role : Role.values()) {
            String applicationId = StreamsSettings.applicationId(CONFIG, role);
            List<Grant> grants = AclPlan.forRole(role, CONFIG);
            assertThat(grants).contains(new Grant(ResourceType.GROUP, applicationId, PatternType.LITERAL, AclOperation.READ));
            assertThat(allows(grants, applicationId + "-some-store-changelog", AclOperation.CREATE)).isTrue();
        }
        assertThat(allows(AclPlan.forRole(Role.CRYPTOR, CONFIG),
                KeyManagerTopology.changelogTopic("eaas-key-manager"), AclOperation.READ)).isTrue();
    }

    @Test
    void subscriberReachesOnlyItsOwnTopics() {
        List<Grant> subscriberOne = AclPlan.forSubscriber(1);

        assertThat(allows(subscriberOne, TopicCatalogue.requestTopic(1, 3), AclOperation.WRITE)).isTrue();
        assertThat(allows(subscriberOne, TopicCatalogue.replyTopic(1), AclOperation.READ)).isTrue();
        assertThat(allows(subscriberOne, TopicCatalogue.registrationReplyTopic(1), AclOperation.READ)).isTrue();
        assertThat(allows(subscriberOne, TopicCatalogue.registrationRequestTopic(1), AclOperation.WRITE)).isTrue();
        assertThat(allows(subscriberOne, TopicCatalogue.registrationRequestTopic(12), AclOperation.WRITE)).isFalse();
        assertThat(allows(subscriberOne, TopicCatalogue.requestTopic(12, 3), AclOperation.WRITE)).isFalse();
        assertThat(allows(subscriberOne, TopicCatalogue.replyTopic(12), AclOperation.READ)).isFalse();
        assertThat(allows(subscriberOne, TopicCatalogue.registrationReplyTopic(12), AclOperation.READ)).isFalse();
        assertThat(allows(subscriberOne, TopicCatalogue.replyTopic(1), AclOperation.WRITE)).isFalse();
        assertThat(allows(subscriberOne, TopicCatalogue.requestTopic(1, 3), AclOperation.READ)).isFalse();
        assertThat(allows(subscriberOne, TopicCatalogue.KEY_REQUESTS, AclOperation.WRITE)).isFalse();
    }

    @Test
    void operatorSendsCommandsAndNothingElse() {
        List<Grant> operator = AclPlan.forOperator();

        assertThat(allows(operator, TopicCatalogue.KEY_ADMIN, AclOperation.WRITE)).isTrue();
        assertThat(allows(operator, TopicCatalogue.KEY_ADMIN_REPLIES, AclOperation.READ)).isTrue();
        assertThat(operator).filteredOn(grant -> grant.operation() == AclOperation.WRITE).hasSize(1);
        assertThat(allows(operator, TopicCatalogue.KEY_REQUESTS, AclOperation.READ)).isFalse();
    }

    private static List<String> writable(Role role, List<String> topics) {
        List<Grant> grants = AclPlan.forRole(role, CONFIG);
        return topics.stream().filter(topic -> allows(grants, topic, AclOperation.WRITE)).toList();
    }

    /** Returns whether a grant allows the operation on the topic, the way the broker's authorizer matches names. */
    private static boolean allows(List<Grant> grants, String topic, AclOperation operation) {
        return grants.stream().anyMatch(grant -> grant.resourceType() == ResourceType.TOPIC
                && grant.operation() == operation
                && (grant.patternType() == PatternType.LITERAL ? grant.name().equals(topic) : topic.startsWith(grant.name())));
    }
}
