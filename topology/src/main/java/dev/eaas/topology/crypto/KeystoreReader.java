package dev.eaas.topology.crypto;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.Key;
import java.security.KeyStore;
import java.security.KeyStoreException;
import java.security.UnrecoverableKeyException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads KEKs from a PKCS#12 keystore: the entry under the configured alias is the current KEK, and every other
 * AES secret key entry only unwraps. Other entries are skipped. The keystore password also opens the entries,
 * as keytool sets it for PKCS#12.
 */
final class KeystoreReader {

    private static final Logger LOG = LoggerFactory.getLogger(KeystoreReader.class);

    private KeystoreReader() {
    }

    /**
     * Reads the keystore at {@code path}, which the setting named by {@code origin} gave.
     *
     * @param password the password setting, or null if none is set
     */
    static Kek read(Path path, String origin, KekLoader.Setting password, String currentAlias) {
        if (password == null) {
            throw new KekException("No password is set for KEK keystore " + path + " (from " + origin + "). Set"
                    + " the environment variable " + KekLoader.KEK_KEYSTORE_PASSWORD_ENV + ", or the setting "
                    + KekLoader.KEK_KEYSTORE_PASSWORD + ".");
        }
        char[] secret = password.value().toCharArray();
        List<byte[]> keys = new ArrayList<>();
        try {
            KeyStore keystore = open(path, origin, password.origin(), secret);
            String current = currentEntryAlias(keystore, path, currentAlias);
            keys.add(kekBytes(secretKey(keystore, path, current, secret), path, current));

            Map<String, String> aliasByFingerprint = new HashMap<>();
            aliasByFingerprint.put(Kek.keyFingerprint(keys.get(0)), current);
            for (String alias : aliases(keystore, path)) {
                if (alias.equals(current) || !isSecretKeyEntry(keystore, path, alias)) {
                    continue;
                }
                Key entryKey = secretKey(keystore, path, alias, secret);
                if (!isAes(entryKey)) {
                    LOG.info("Skipped entry '{}' of KEK keystore {}: a {} key, not AES", alias, path,
                            entryKey.getAlgorithm());
                    continue;
                }
                byte[] key = kekBytes(entryKey, path, alias);
                keys.add(key);
                String earlierAlias = aliasByFingerprint.putIfAbsent(Kek.keyFingerprint(key), alias);
                if (earlierAlias != null) {
                    throw new KekException("Entries '" + earlierAlias + "' and '" + alias + "' of KEK keystore "
                            + path + " contain the same key (KEK " + Kek.keyFingerprint(key) + "). Delete one of them"
                            + " with 'keytool -delete -alias ALIAS -keystore " + path + "'.");
                }
            }
            return Kek.of(keys.get(0), keys.subList(1, keys.size()));
        } finally {
            Arrays.fill(secret, '\0');
            keys.forEach(key -> Arrays.fill(key, (byte) 0));
        }
    }

    private static KeyStore open(Path path, String origin, String passwordOrigin, char[] secret) {
        if (Files.isDirectory(path)) {
            throw new KekException("KEK keystore " + path + " (from " + origin + ") is a folder, not a file. Set "
                    + origin + " to the keystore file itself.");
        }
        try (InputStream in = Files.newInputStream(path)) {
            KeyStore keystore = KeyStore.getInstance("PKCS12");
            keystore.load(in, secret);
            return keystore;
        } catch (NoSuchFileException missing) {
            throw new KekException("KEK keystore " + path + " (from " + origin + ") does not exist. Fix the path,"
                    + " or create the keystore with keytool -genseckey.");
        } catch (AccessDeniedException denied) {
            throw new KekException("KEK keystore " + path + " (from " + origin + ") cannot be read: permission"
                    + " denied. Let the user that runs the service read it.");
        } catch (IOException failure) {
            if (failure.getCause() instanceof UnrecoverableKeyException) {
                throw new KekException("KEK keystore " + path + " cannot be opened: the password from "
                        + passwordOrigin + " is wrong, so the keystore's integrity check failed. Set the password"
                        + " the keystore was created with.");
            }
            throw new KekException("KEK keystore " + path + " (from " + origin + ") cannot be read as a PKCS#12"
                    + " keystore: " + failure.getMessage() + ". Check that it is a PKCS#12 file and that the password"
                    + " from " + passwordOrigin + " is right.", failure);
        } catch (GeneralSecurityException failure) {
            throw new KekException("KEK keystore " + path + " (from " + origin + ") cannot be read as a PKCS#12"
                    + " keystore: " + failure.getMessage(), failure);
        }
    }

    private static String currentEntryAlias(KeyStore keystore, Path path, String alias) {
        List<String> aliases = aliases(keystore, path);
        // PKCS#12 aliases are compared without regard to case, as the JDK's PKCS12 keystore does.
        for (String candidate : aliases) {
            if (candidate.equalsIgnoreCase(alias)) {
                return candidate;
            }
        }
        throw new KekException("KEK keystore " + path + " has no entry with alias '" + alias + "'; its aliases are: "
                + (aliases.isEmpty() ? "none" : String.join(", ", aliases)) + ". Set " + KekLoader.KEK_KEYSTORE_ALIAS
                + " to the alias of the current KEK.");
    }

    private static List<String> aliases(KeyStore keystore, Path path) {
        try {
            List<String> aliases = Collections.list(keystore.aliases());
            Collections.sort(aliases);
            return aliases;
        } catch (KeyStoreException failure) {
            throw new KekException("KEK keystore " + path + " cannot list its entries: " + failure.getMessage(),
                    failure);
        }
    }

    private static boolean isSecretKeyEntry(KeyStore keystore, Path path, String alias) {
        try {
            return keystore.entryInstanceOf(alias, KeyStore.SecretKeyEntry.class);
        } catch (KeyStoreException failure) {
            throw entryUnreadable(path, alias, failure);
        }
    }

    /** Returns the secret key of the entry, failing if the entry is of another kind. */
    private static Key secretKey(KeyStore keystore, Path path, String alias, char[] secret) {
        try {
            if (!keystore.entryInstanceOf(alias, KeyStore.SecretKeyEntry.class)) {
                throw new KekException("Entry '" + alias + "' of KEK keystore " + path + " is " + entryKind(keystore,
                        alias) + ", not an AES secret key. Create a KEK with 'keytool -genseckey -alias " + alias
                        + " -keyalg AES -keysize 256 -storetype PKCS12 -keystore " + path + "'.");
            }
            return keystore.getKey(alias, secret);
        } catch (GeneralSecurityException failure) {
            throw entryUnreadable(path, alias, failure);
        }
    }

    private static boolean isAes(Key key) {
        return "AES".equalsIgnoreCase(key.getAlgorithm());
    }

    /** Returns the key's bytes, failing if it is anything but a 256-bit AES key. */
    private static byte[] kekBytes(Key key, Path path, String alias) {
        if (!isAes(key)) {
            throw new KekException("Entry '" + alias + "' of KEK keystore " + path + " is a " + key.getAlgorithm()
                    + " key, not an AES key. A KEK is a 256-bit AES key; set " + KekLoader.KEK_KEYSTORE_ALIAS
                    + " to the alias of one.");
        }
        byte[] encoded = key.getEncoded();
        if (encoded == null) {
            throw new KekException("Entry '" + alias + "' of KEK keystore " + path + " does not export its key"
                    + " bytes, which this service needs to wrap DEKs.");
        }
        if (encoded.length != Kek.KEY_SIZE_BYTES) {
            int sizeBits = encoded.length * 8;
            Arrays.fill(encoded, (byte) 0);
            throw new KekException("Entry '" + alias + "' of KEK keystore " + path + " is a " + sizeBits
                    + "-bit AES key; a KEK must be 256 bits. Every AES entry of the keystore is used as a KEK, so"
                    + " delete this entry or move it to another keystore.");
        }
        return encoded;
    }

    private static String entryKind(KeyStore keystore, String alias) throws KeyStoreException {
        if (keystore.entryInstanceOf(alias, KeyStore.PrivateKeyEntry.class)) {
            return "a private key entry";
        }
        if (keystore.entryInstanceOf(alias, KeyStore.TrustedCertificateEntry.class)) {
            return "a trusted certificate entry";
        }
        return "an entry of another kind";
    }

    private static KekException entryUnreadable(Path path, String alias, GeneralSecurityException failure) {
        return new KekException("Entry '" + alias + "' of KEK keystore " + path + " cannot be read with the"
                + " keystore password: " + failure.getMessage() + ". Give the entry the keystore's password, as"
                + " keytool does for PKCS#12.", failure);
    }
}
