package dev.eaas.client.cli;

import dev.eaas.client.Requester;
import java.util.concurrent.CompletableFuture;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** Rewraps a ciphertext envelope from standard input under the newest key version of a requester's pair. */
@Command(name = "rewrap",
        description = "Encrypts the plaintext of a ciphertext read from standard input again under the newest key"
                + " version of a requester and its pair, and writes the new ciphertext to standard output. The"
                + " plaintext stays inside the service.")
final class RewrapCommand extends RequestCommand {

    @Option(names = "--base64",
            description = "Read the ciphertext as Base64 text, where line breaks are allowed, and write the new one"
                    + " as one line of Base64 text, instead of raw bytes.")
    boolean base64;

    @Override
    byte[] decodeInput(byte[] stdin) {
        byte[] envelope = base64 ? decodeBase64(stdin, "ciphertext") : stdin;
        if (envelope.length == 0) {
            throw new IllegalArgumentException("Missing ciphertext on standard input; pass a ciphertext that"
                    + " encrypt or rewrap wrote");
        }
        return envelope;
    }

    @Override
    CompletableFuture<byte[]> send(Requester requester, byte[] envelope) {
        return requester.rewrap(pair, envelope);
    }

    @Override
    byte[] encodeOutput(byte[] envelope) {
        return base64 ? encodeBase64Line(envelope) : envelope;
    }
}
