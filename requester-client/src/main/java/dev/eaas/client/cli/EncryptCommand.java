package dev.eaas.client.cli;

import dev.eaas.client.EaasClientConfig;
import dev.eaas.client.Requester;
import dev.eaas.topics.decoy.DecoyGenerator;
import java.util.concurrent.CompletableFuture;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** Encrypts standard input for a requester and its pair. */
@Command(name = "encrypt",
        description = "Encrypts all of standard input for the communication between a requester and its pair,"
                + " and writes the ciphertext to standard output.")
final class EncryptCommand extends RequestCommand {

    @Option(names = "--base64", description = "Write the ciphertext as one line of Base64 text instead of raw bytes.")
    boolean base64;

    @Option(names = "--decoys", paramLabel = "GENERATOR", defaultValue = DecoyGenerator.SHAPE_MATCHED,
            description = "Decoys that hide the plaintext among the request's frames: shape-matched (the plaintext's"
                    + " JSON structure or character classes, with random values) or uniform-random (random bytes)"
                    + " (default: ${DEFAULT-VALUE}).")
    String decoys;

    @Override
    EaasClientConfig.Builder configure(EaasClientConfig.Builder builder) {
        return builder.decoyGenerator(DecoyGenerator.ofName(decoys));
    }

    @Override
    byte[] decodeInput(byte[] stdin) {
        return stdin;
    }

    @Override
    CompletableFuture<byte[]> send(Requester requester, byte[] plaintext) {
        return requester.encrypt(pair, plaintext);
    }

    @Override
    byte[] encodeOutput(byte[] ciphertext) {
        if (!base64) {
            return ciphertext;
        }
        return encodeBase64Line(ciphertext);
    }
}
