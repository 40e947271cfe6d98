package dev.eaas.client.cli;

import dev.eaas.client.EaasClient;
import dev.eaas.client.EaasClientConfig;
import dev.eaas.client.EaasException;
import dev.eaas.client.Registration;
import dev.eaas.client.Requester;
import dev.eaas.topics.frame.FieldOverflowException;
import dev.eaas.topics.frame.FrameLayout;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Base64;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.apache.kafka.common.KafkaException;
import picocli.CommandLine.ExitCode;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * An encrypt, decrypt or rewrap subcommand: reads all of standard input, sends one request and writes the
 * result to standard output only once it has arrived, so a failed request writes nothing there.
 */
abstract class RequestCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @ParentCommand
    ClientCommand parent;

    @Mixin
    ConnectionOptions connection;

    @Option(names = "--registration", required = true, paramLabel = "FILE",
            description = "Registration properties written by 'register --out FILE'.")
    Path registrationFile;

    @Option(names = "--requester", required = true, paramLabel = "R", description = "Id of the requester sending the request.")
    int requester;

    @Option(names = "--pair", required = true, paramLabel = "P", description = "Id of the other end of the communication.")
    int pair;

    @Override
    public Integer call() {
        try {
            EaasClientConfig config = configure(connection.configBuilder()).build();
            requireRequesterWidth(config.frameLayout(), "requester", requester);
            requireRequesterWidth(config.frameLayout(), "pair", pair);
            Registration registration = RegistrationFile.read(registrationFile);
            byte[] input = decodeInput(parent.stdin().readAllBytes());
            byte[] result;
            try (EaasClient client = EaasClient.open(config, registration)) {
                result = send(client.requester(requester), input).join();
            }
            OutputStream stdout = parent.stdout();
            stdout.write(encodeOutput(result));
            stdout.flush();
            return ExitCode.OK;
        } catch (EaasException | KafkaException | CompletionException | IllegalArgumentException | IOException failure) {
            return CommandFailures.report(spec, failure);
        }
    }

    /** Fails before connecting when an id does not fit the frame layout, as the client would after. */
    private static void requireRequesterWidth(FrameLayout layout, String field, int value) {
        if (value < 0 || value > layout.maxRequester()) {
            throw new FieldOverflowException(field, value, layout.requesterBits());
        }
    }

    /**
     * Decodes Base64 text read on standard input, which may contain line breaks and other white space.
     *
     * @param content what the text encodes, for the error message, such as "ciphertext"
     * @throws IllegalArgumentException if the text is not Base64
     */
    static byte[] decodeBase64(byte[] stdin, String content) {
        String text = new String(stdin, StandardCharsets.US_ASCII).replaceAll("\\s+", "");
        try {
            return Base64.getDecoder().decode(text);
        } catch (IllegalArgumentException invalid) {
            throw new IllegalArgumentException("Invalid Base64 " + content + " on standard input: "
                    + invalid.getMessage(), invalid);
        }
    }

    /** Returns {@code data} as one line of Base64 text. */
    static byte[] encodeBase64Line(byte[] data) {
        return (Base64.getEncoder().encodeToString(data) + "\n").getBytes(StandardCharsets.US_ASCII);
    }

    /**
     * Applies the subcommand's own client settings to {@code builder}; the default adds none.
     *
     * @throws IllegalArgumentException if an option of the subcommand is invalid
     */
    EaasClientConfig.Builder configure(EaasClientConfig.Builder builder) {
        return builder;
    }

    /**
     * Returns the request data from the bytes read on standard input.
     *
     * @throws IllegalArgumentException if the input is not in the expected format
     */
    abstract byte[] decodeInput(byte[] stdin);

    abstract CompletableFuture<byte[]> send(Requester requester, byte[] input);

    /** Returns the bytes to write on standard output for the service's result. */
    abstract byte[] encodeOutput(byte[] result);
}
