package dev.eaas.topology.crypto;

import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads a KEK file: one base64-encoded 32-byte AES key per line, the current KEK first. Messages name line
 * numbers and never the content of a line.
 */
final class KeyFileReader {

    private static final Logger LOG = LoggerFactory.getLogger(KeyFileReader.class);
    private static final Set<PosixFilePermission> GROUP_OR_OTHERS = EnumSet.of(
            PosixFilePermission.GROUP_READ, PosixFilePermission.GROUP_WRITE,
            PosixFilePermission.OTHERS_READ, PosixFilePermission.OTHERS_WRITE);

    private KeyFileReader() {
    }

    /** Reads the file at {@code path}, which the setting named by {@code origin} gave. */
    static Kek read(Path path, String origin) {
        List<String> lines = readLines(path, origin);
        warnIfOthersCanRead(path);

        List<byte[]> keys = new ArrayList<>();
        try {
            Map<String, Integer> lineByFingerprint = new HashMap<>();
            for (int index = 0; index < lines.size(); index++) {
                String line = lines.get(index).strip();
                if (line.isEmpty() || line.startsWith("#")) {
                    continue;
                }
                int lineNumber = index + 1;
                byte[] key = decode(line, lineNumber, path);
                keys.add(key);
                Integer earlierLine = lineByFingerprint.putIfAbsent(Kek.keyFingerprint(key), lineNumber);
                if (earlierLine != null) {
                    throw new KekException("Lines " + earlierLine + " and " + lineNumber + " of KEK file " + path
                            + " contain the same key (KEK " + Kek.keyFingerprint(key) + "). Remove one of them.");
                }
            }
            if (keys.isEmpty()) {
                throw new KekException("KEK file " + path + " (from " + origin + ") contains no key. Write one"
                        + " base64-encoded 32-byte AES key per line, the current KEK first, or create the file with"
                        + " 'eaas kek create --file PATH'.");
            }
            return Kek.of(keys.get(0), keys.subList(1, keys.size()));
        } finally {
            keys.forEach(key -> Arrays.fill(key, (byte) 0));
        }
    }

    private static List<String> readLines(Path path, String origin) {
        if (Files.isDirectory(path)) {
            throw new KekException("KEK file " + path + " (from " + origin + ") is a folder, not a file. Set "
                    + origin + " to the key file itself.");
        }
        try {
            return Files.readAllLines(path, StandardCharsets.UTF_8);
        } catch (NoSuchFileException missing) {
            throw new KekException("KEK file " + path + " (from " + origin + ") does not exist. Fix the path,"
                    + " or create a key file there with 'eaas kek create --file PATH'.");
        } catch (AccessDeniedException denied) {
            throw new KekException("KEK file " + path + " (from " + origin + ") cannot be read: permission denied."
                    + " Let the user that runs the service read it.");
        } catch (CharacterCodingException notText) {
            throw new KekException("KEK file " + path + " (from " + origin + ") is not UTF-8 text. Write one"
                    + " base64-encoded 32-byte AES key per line.");
        } catch (IOException failure) {
            throw new KekException("KEK file " + path + " (from " + origin + ") cannot be read: " + failure,
                    failure);
        }
    }

    private static byte[] decode(String line, int lineNumber, Path path) {
        byte[] key;
        try {
            key = Base64.getDecoder().decode(line);
        } catch (IllegalArgumentException notBase64) {
            // The decoder's message quotes the offending character, so it is left out.
            throw new KekException("Line " + lineNumber + " of KEK file " + path + " is not valid base64. Each"
                    + " line that is not blank or a '#' comment must contain one base64-encoded 32-byte AES key.");
        }
        if (key.length != Kek.KEY_SIZE_BYTES) {
            int size = key.length;
            Arrays.fill(key, (byte) 0);
            throw new KekException("Line " + lineNumber + " of KEK file " + path + " decodes to " + size
                    + " bytes; a KEK is " + Kek.KEY_SIZE_BYTES + " bytes (AES-256).");
        }
        return key;
    }

    private static void warnIfOthersCanRead(Path path) {
        Set<PosixFilePermission> permissions;
        try {
            permissions = Files.getPosixFilePermissions(path);
        } catch (UnsupportedOperationException | IOException notPosix) {
            return;
        }
        if (permissions.stream().anyMatch(GROUP_OR_OTHERS::contains)) {
            // A Kubernetes Secret volume with fsGroup always gets group read, so there the warning is expected.
            LOG.warn("KEK file {} can be read or written by users other than its owner; restrict it with"
                    + " 'chmod 600 {}'. In a Kubernetes pod with fsGroup, a Secret's files are group-readable"
                    + " (0440) whatever defaultMode says, so give the pod an fsGroup that no other user has", path, path);
        }
    }
}
