package dev.eaas.loadgen.broker;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code eaas broker}: runs an {@link EmbeddedKafkaBroker} in the foreground until Ctrl-C. */
@Command(
    name = "broker",
    mixinStandardHelpOptions = true,
    description = {
        "Runs a single-node Kafka broker on 127.0.0.1 until Ctrl-C, for trying the service and its clients locally.",
        "Prints 'bootstrap.servers=HOST:PORT' on standard output once the broker accepts clients.",
        "The broker keeps its data in a temporary folder that is deleted when it stops."})
public final class BrokerCommand implements Callable<Integer> {

    @Spec
    private CommandSpec spec;

    @Option(
        names = {"-p", "--broker-property"},
        paramLabel = "NAME=VALUE",
        description = "Sets a broker configuration property, as in Kafka's server.properties. Repeatable.")
    private Map<String, String> brokerProperties = new LinkedHashMap<>();

    @Option(
        names = "--stop-after",
        paramLabel = "SECONDS",
        description = "Stops the broker after this many seconds. The default, 0, runs it until Ctrl-C.")
    private long stopAfterSeconds;

    @Override
    public Integer call() throws InterruptedException {
        if (stopAfterSeconds < 0) {
            throw new ParameterException(spec.commandLine(),
                "Invalid value for --stop-after: " + stopAfterSeconds + " (expected 0 or more seconds)");
        }
        // Ctrl-C ends the JVM while this thread waits below, and the broker's shutdown hook then stops the broker.
        CountDownLatch neverReleased = new CountDownLatch(1);
        try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start(brokerProperties)) {
            spec.commandLine().getOut().println("bootstrap.servers=" + broker.bootstrapServers());
            spec.commandLine().getOut().flush();
            if (stopAfterSeconds == 0) {
                neverReleased.await();
            } else {
                neverReleased.await(stopAfterSeconds, TimeUnit.SECONDS);
            }
        }
        return 0;
    }
}
