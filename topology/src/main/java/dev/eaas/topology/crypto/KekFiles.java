package dev.eaas.topology.crypto;

import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;

/**
 * Creates KEK files in the format {@link KekLoader} reads.
 *
 * <p>On file systems with POSIX permissions the file is created readable and writable by its owner only
 * (rw-------), from the first moment it exists. Elsewhere, such as on Windows, the file gets the folder's default
 * access rules and this class restricts nothing: protect the folder instead.
 */
public final class KekFiles {

    private static final FileAttribute<?> OWNER_ONLY = PosixFilePermissions.asFileAttribute(
            PosixFilePermissions.fromString("rw-------"));

    private KekFiles() {
    }

    /**
     * Writes a new key file at {@code path} containing one fresh random 256-bit KEK, with a comment that names its
     * fingerprint.
     *
     * @return {@code path}
     * @throws KekException if the file already exists, since replacing a KEK makes every DEK wrapped under it
     *         unreadable, or if the file cannot be written
     */
    public static Path createKeyFile(Path path, SecureRandom random) {
        byte[] key = new byte[Kek.KEY_SIZE_BYTES];
        random.nextBytes(key);
        try {
            String content = "# EaaS key-encryption key (KEK): one base64-encoded AES-256 key per line.\n"
                    + "# The first key wraps new DEKs; keys below it only unwrap DEKs wrapped before a rotation.\n"
                    + "# KEK " + Kek.keyFingerprint(key) + "\n"
                    + Base64.getEncoder().encodeToString(key) + "\n";
            create(path);
            try (Writer writer = Files.newBufferedWriter(path, StandardCharsets.US_ASCII,
                    StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)) {
                writer.write(content);
            } catch (IOException failure) {
                // A file left empty or cut short would fail later, at service start, with a less direct message.
                Files.deleteIfExists(path);
                throw failure;
            }
            return path;
        } catch (IOException failure) {
            throw new KekException("Failed to write KEK file " + path + ": " + failure, failure);
        } finally {
            Arrays.fill(key, (byte) 0);
        }
    }

    /** Creates the empty file, owner-only where the file system has POSIX permissions. */
    private static void create(Path path) throws IOException {
        try {
            if (path.getFileSystem().supportedFileAttributeViews().contains("posix")) {
                Files.createFile(path, OWNER_ONLY);
            } else {
                Files.createFile(path);
            }
        } catch (FileAlreadyExistsException exists) {
            throw new KekException("KEK file " + path + " already exists and is left as it is. Replacing a KEK"
                    + " makes every DEK wrapped under it unreadable. Choose another path, or move the old file"
                    + " away first if it is really unused.");
        } catch (NoSuchFileException noFolder) {
            throw new KekException("Cannot create KEK file " + path + ": folder " + path.toAbsolutePath().getParent()
                    + " does not exist. Create the folder first.");
        }
    }
}
