package dev.eaas.client.cli;

import dev.eaas.client.Requester;
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
