package dev.eaas.client.cli;

import dev.eaas.client.Requester;
import java.util.concurrent.CompletableFuture;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** Decrypts a ciphertext from standard input for a requester and its pair. */
@Command(name = "decrypt",
        description = "Decrypts a ciphertext read from standard input, made for the communication between a"
                + " requester and its pair, and writes the plaintext to standard output.")
final class DecryptCommand extends RequestCommand {

    @Option(names = "--base64", description = "Read the ciphertext as Base64 text instead of raw bytes; line breaks are allowed.")
    boolean base64;

    @Override
    byte[] decodeInput(byte[] stdin) {
        if (!base64) {
            return stdin;
        }
        return decodeBase64(stdin, "ciphertext");
    }

    @Override
    CompletableFuture<byte[]> send(Requester requester, byte[] ciphertext) {
        return requester.decrypt(pair, ciphertext);
    }

    @Override
    byte[] encodeOutput(byte[] plaintext) {
        return plaintext;
    }
}
