package dev.eaas.topology.service;

import dev.eaas.topology.common.ServiceConfig;
import java.io.IOException;
import java.io.Reader;
import java.nio.file.NoSuchFileException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.apache.kafka.common.config.ConfigException;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** Runs one role, several, or all of them against a Kafka cluster until the process is stopped. */
@Command(name = "service", mixinStandardHelpOptions = true,
        description = "Runs EaaS roles (registrar, coordinator, key-manager, cryptor) until stopped.")
public final class ServiceCommand implements Callable<Integer> {

    @Option(names = "--roles", defaultValue = "all", paramLabel = "ROLES",
            description = "Comma-separated roles to run: all, registrar, coordinator, key-manager, cryptor (default: ${DEFAULT-VALUE}).")
    String roles;

    @Option(names = "--bootstrap-servers", paramLabel = "HOST:PORT",
            description = "Kafka brokers to connect to (default: the config file's bootstrap.servers, else 127.0.0.1:9092).")
    String bootstrapServers;

    @Option(names = "--config", paramLabel = "FILE",
            description = "Properties file with service settings and Kafka client settings.")
    Path configFile;

    @Option(names = "--health-port", paramLabel = "PORT",
            description = "TCP port of the HTTP health endpoints /livez and /readyz, like --set health.port=PORT."
                    + " 0 picks a free port (default: off).")
    Integer healthPort;

    @Option(names = "--set", paramLabel = "KEY=VALUE", description = "One setting, overriding the config file; repeatable.")
    Map<String, String> overrides = new HashMap<>();

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        ServiceConfig config;
        Set<Role> selected;
        try {
            config = new ServiceConfig(settings());
            selected = Role.parse(roles);
        } catch (ConfigException | IllegalArgumentException invalid) {
            throw new ParameterException(spec.commandLine(), invalid.getMessage(), invalid);
        } catch (NoSuchFileException missing) {
            throw new ParameterException(spec.commandLine(), "Config file not found: " + missing.getFile());
        }
        CountDownLatch stopped = new CountDownLatch(1);
        try (EaasService service = new EaasService(config, selected).start()) {
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                service.close();
                stopped.countDown();
            }, "eaas-shutdown"));
            String health = service.healthPort() < 0 ? "" : "; health endpoints on port " + service.healthPort();
            System.err.println("EaaS roles " + service.roles().stream().map(Role::cliName).toList() + " running against "
                    + config.getString(ServiceConfig.BOOTSTRAP_SERVERS) + health + "; stop with Ctrl-C");
            stopped.await();
        }
        return 0;
    }

    /** Returns the settings of the options: the config file, then the shortcut options, then each {@code --set}. */
    Map<String, Object> settings() throws IOException {
        Map<String, String> shortcutsAndOverrides = new HashMap<>();
        if (healthPort != null) {
            shortcutsAndOverrides.put(ServiceConfig.HEALTH_PORT, healthPort.toString());
        }
        shortcutsAndOverrides.putAll(overrides);
        return settings(configFile, bootstrapServers, shortcutsAndOverrides);
    }

    /** Merges a properties file, a bootstrap address and single overrides, later ones winning. */
    public static Map<String, Object> settings(Path configFile, String bootstrapServers, Map<String, String> overrides)
            throws IOException {
        Map<String, Object> settings = new HashMap<>();
        if (configFile != null) {
            Properties properties = new Properties();
            try (Reader reader = Files.newBufferedReader(configFile)) {
                properties.load(reader);
            }
            properties.forEach((key, value) -> settings.put(key.toString(), value));
        }
        if (bootstrapServers != null) {
            settings.put(ServiceConfig.BOOTSTRAP_SERVERS, bootstrapServers);
        }
        settings.putAll(overrides);
        return settings;
    }

    public static void main(String[] args) {
        System.exit(new CommandLine(new ServiceCommand()).execute(args));
    }
}
