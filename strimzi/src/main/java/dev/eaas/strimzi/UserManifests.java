package dev.eaas.strimzi;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.SequenceWriter;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.eaas.topology.common.ServiceConfig;
import dev.eaas.topology.service.AclPlan;
import dev.eaas.topology.service.AclPlan.Grant;
import dev.eaas.topology.service.Role;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.resource.PatternType;
import org.apache.kafka.common.resource.ResourceType;

/**
 * Writes {@code manifests/base/users.yaml}: one Strimzi {@code KafkaUser} per role, authenticated by mutual TLS,
 * with exactly the ACLs of {@link AclPlan}. {@link #subscriberUser} renders the user of one subscriber's
 * requesters, with a produce quota, for an operator to apply when the subscriber is admitted.
 */
public final class UserManifests {

    public static final String KIND = "KafkaUser";

    /** Location of the generated file, relative to this module's folder. */
    public static final Path DEFAULT_OUTPUT = Path.of("manifests", "base", "users.yaml");

    /**
     * Bytes per second one subscriber's requesters may produce, per broker: 1 MiB/s. A flood of frames with wrong
     * tokens from one compromised identity then cannot crowd out other subscribers.
     */
    public static final int SUBSCRIBER_PRODUCE_BYTES_PER_SECOND = 1024 * 1024;

    private static final YAMLMapper YAML = YAMLMapper.builder()
            .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES)
            .build();

    private UserManifests() {
    }

    /**
     * Writes the role users to the path given as the first argument, or to {@link #DEFAULT_OUTPUT}. With
     * {@code --subscriber ID} instead, prints that subscriber's user to standard output.
     */
    public static void main(String[] args) throws IOException {
        if (args.length == 2 && args[0].equals("--subscriber")) {
            System.out.print(render(List.of(subscriberUser(Integer.parseInt(args[1])))));
            return;
        }
        if (args.length > 1) {
            throw new IllegalArgumentException("Invalid arguments: expected an output file, or --subscriber ID");
        }
        Path output = args.length == 1 ? Path.of(args[0]) : DEFAULT_OUTPUT;
        List<Map<String, Object>> users = roleUsers();
        Files.writeString(output, header() + render(users), StandardCharsets.UTF_8);
        System.out.println("Wrote " + users.size() + " KafkaUser resources to " + output.toAbsolutePath());
    }

    /** Returns the Kafka user name of a role, as its client certificate names it: {@code eaas-<role>}. */
    public static String roleUserName(Role role, ServiceConfig config) {
        return role == Role.COORDINATOR ? "eaas-coordinator-" + config.coordinatorId() : "eaas-" + role.cliName();
    }

    /** Returns the Kafka user name of a subscriber's requesters. */
    public static String subscriberUserName(int subscriber) {
        return "eaas-subscriber-" + subscriber;
    }

    /** The Kafka user name of operators who run {@code ./eaas keys}. */
    public static final String OPERATOR_USER_NAME = "eaas-operator";

    /** The Kafka user name of the load generator, which runs {@code replay} as one subscriber's requesters. */
    public static final String LOAD_GENERATOR_USER_NAME = "eaas-load-generator";

    /**
     * The subscriber id the load generator's user may register and use: 1000. No other subscriber may be admitted
     * under this id while the user exists, since both would share its topics.
     */
    public static final int LOAD_GENERATOR_SUBSCRIBER = 1000;

    /**
     * Returns the {@code KafkaUser} documents of the four roles of the deployment the manifests describe, then the
     * operators' user and the load generator's.
     */
    public static List<Map<String, Object>> roleUsers() {
        ServiceConfig config = TopicManifests.deploymentConfig();
        List<Map<String, Object>> users = new ArrayList<>();
        for (Role role : Role.values()) {
            users.add(user(roleUserName(role, config), AclPlan.forRole(role, config), null));
        }
        users.add(user(OPERATOR_USER_NAME, AclPlan.forOperator(), null));
        users.add(user(LOAD_GENERATOR_USER_NAME, AclPlan.forSubscriber(LOAD_GENERATOR_SUBSCRIBER),
                SUBSCRIBER_PRODUCE_BYTES_PER_SECOND));
        return users;
    }

    /** Returns the {@code KafkaUser} document of one subscriber's requesters, with its produce quota. */
    public static Map<String, Object> subscriberUser(int subscriber) {
        return user(subscriberUserName(subscriber), AclPlan.forSubscriber(subscriber), SUBSCRIBER_PRODUCE_BYTES_PER_SECOND);
    }

    /** Renders the documents as a YAML stream. */
    public static String render(List<Map<String, Object>> users) {
        StringWriter yaml = new StringWriter();
        try (SequenceWriter writer = YAML.writer().writeValues(yaml)) {
            for (Map<String, Object> user : users) {
                writer.write(user);
            }
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Failed to write KafkaUser YAML: " + e.getOriginalMessage(), e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return yaml.toString();
    }

    /** Renders the committed file: the header comment and the role users. */
    public static String render() {
        return header() + render(roleUsers());
    }

    private static Map<String, Object> user(String name, List<Grant> grants, Integer produceBytesPerSecond) {
        Map<String, Object> metadata = new LinkedHashMap<>();
        metadata.put("name", name);
        metadata.put("labels", Map.of(TopicManifests.CLUSTER_LABEL, TopicManifests.CLUSTER_NAME));

        Map<String, Object> authorization = new LinkedHashMap<>();
        authorization.put("type", "simple");
        authorization.put("acls", acls(grants));

        Map<String, Object> spec = new LinkedHashMap<>();
        spec.put("authentication", Map.of("type", "tls"));
        spec.put("authorization", authorization);
        if (produceBytesPerSecond != null) {
            spec.put("quotas", Map.of("producerByteRate", produceBytesPerSecond));
        }

        Map<String, Object> document = new LinkedHashMap<>();
        document.put("apiVersion", TopicManifests.API_VERSION);
        document.put("kind", KIND);
        document.put("metadata", metadata);
        document.put("spec", spec);
        return document;
    }

    /** Groups the grants by resource, in the plan's order, with the operations Strimzi's way of spelling them. */
    private static List<Map<String, Object>> acls(List<Grant> grants) {
        Map<List<Object>, List<String>> operationsByResource = new LinkedHashMap<>();
        for (Grant grant : grants) {
            operationsByResource.computeIfAbsent(List.of(grant.resourceType(), grant.name(), grant.patternType()),
                    resource -> new ArrayList<>()).add(operation(grant.operation()));
        }
        List<Map<String, Object>> acls = new ArrayList<>();
        operationsByResource.forEach((resource, operations) -> {
            Map<String, Object> pattern = new LinkedHashMap<>();
            pattern.put("type", resourceType((ResourceType) resource.get(0)));
            pattern.put("name", resource.get(1));
            pattern.put("patternType", resource.get(2) == PatternType.PREFIXED ? "prefix" : "literal");
            Map<String, Object> acl = new LinkedHashMap<>();
            acl.put("resource", pattern);
            acl.put("operations", operations);
            acls.add(acl);
        });
        return acls;
    }

    /** Returns Strimzi's name of a resource type: {@code topic}, {@code group}, {@code transactionalId}. */
    static String resourceType(ResourceType type) {
        return switch (type) {
            case TOPIC -> "topic";
            case GROUP -> "group";
            case TRANSACTIONAL_ID -> "transactionalId";
            case CLUSTER -> "cluster";
            default -> throw new IllegalArgumentException("Resource type " + type + " has no Strimzi ACL equivalent");
        };
    }

    /** Returns Strimzi's name of an operation, for example {@code DescribeConfigs} for DESCRIBE_CONFIGS. */
    static String operation(AclOperation operation) {
        StringBuilder name = new StringBuilder();
        for (String word : operation.name().split("_")) {
            name.append(word.charAt(0)).append(word.substring(1).toLowerCase(Locale.ROOT));
        }
        return name.toString();
    }

    private static String header() {
        return "# GENERATED by dev.eaas.strimzi.UserManifests from the ACL plan of the roles' topologies.\n"
                + "# Do not edit by hand. Regenerate from the repository root with:\n"
                + "#   " + TopicManifests.REGENERATE_COMMAND + "\n"
                + "#\n"
                + "# One user per role, authenticated by mutual TLS, allowed what its topology reads and writes and\n"
                + "# nothing more. Each coordinator id needs a user of its own; this file has coordinator "
                + TopicManifests.COORDINATOR_ID + ".\n"
                + "# The last user, " + OPERATOR_USER_NAME + ", may send key commands with ./eaas keys and read their replies.\n"
                + "# Subscribers' users are rendered one at a time, see strimzi/README.md.\n";
    }
}
