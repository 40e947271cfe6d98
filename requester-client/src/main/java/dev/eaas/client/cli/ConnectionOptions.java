package dev.eaas.client.cli;

import dev.eaas.client.EaasClientConfig;
import dev.eaas.topics.frame.FrameLayout;
import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine.Option;

/** Options that every subcommand shares: where the brokers are, how to reach them, the frame layout and the timeout. */
final class ConnectionOptions {

    @Option(names = "--bootstrap-servers", paramLabel = "HOST:PORT[,...]",
            description = "Kafka bootstrap servers (default: ${DEFAULT-VALUE}).")
    String bootstrapServers = "127.0.0.1:9092";

    @Option(names = "--subscriber-bits", paramLabel = "S",
            description = "Width of the frame's subscriber field in bits; must match the service (default: ${DEFAULT-VALUE}).")
    int subscriberBits = FrameLayout.DEFAULT.subscriberBits();

    @Option(names = "--requester-bits", paramLabel = "R",
            description = "Width of the frame's requester and pair fields in bits; must match the service (default: ${DEFAULT-VALUE}).")
    int requesterBits = FrameLayout.DEFAULT.requesterBits();

    @Option(names = "--sequence-bits", paramLabel = "N",
            description = "Width of the frame's sequence field in bits; must match the service (default: ${DEFAULT-VALUE}).")
    int sequenceBits = FrameLayout.DEFAULT.sequenceBits();

    @Option(names = "--timeout-ms", paramLabel = "MS",
            description = "Maximum time in ms to wait for the service (default: "
                    + EaasClientConfig.DEFAULT_REQUEST_TIMEOUT_MS + " for encrypt, decrypt and rewrap, "
                    + EaasClientConfig.DEFAULT_REGISTRATION_TIMEOUT_MS + " for register).")
    Long timeoutMs;

    @Option(names = "--kafka-property", paramLabel = "NAME=VALUE",
            description = "A Kafka client setting, for example security.protocol=SSL; repeatable.")
    Map<String, String> kafkaProperties = new LinkedHashMap<>();

    @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help and exit.")
    boolean help;

    /**
     * Returns a configuration builder with these options; {@code --timeout-ms} goes to the request timeout.
     *
     * @throws IllegalArgumentException if a field width is invalid
     */
    EaasClientConfig.Builder configBuilder() {
        EaasClientConfig.Builder builder = EaasClientConfig.builder()
                .bootstrapServers(bootstrapServers)
                .frameLayout(new FrameLayout(subscriberBits, requesterBits, sequenceBits))
                .kafkaProperties(kafkaProperties);
        if (timeoutMs != null) {
            builder.requestTimeoutMs(timeoutMs);
        }
        return builder;
    }
}
