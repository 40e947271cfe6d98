package dev.eaas.topology.crypto;

import dev.eaas.topology.common.ServiceConfig;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.Map;
import java.util.function.Function;
import org.apache.kafka.common.config.types.Password;

/**
 * Loads the deployment's {@link Kek} from either a key file or a PKCS#12 keystore, as the configuration or the
 * environment names them. In every other case it throws a {@link KekException} whose message names what to fix.
 *
 * <h2>Sources</h2>
 * <ul>
 * <li><b>Key file</b> ({@value #KEK_FILE}, or environment variable {@value #KEK_FILE_ENV}): one base64-encoded
 *     32-byte AES key per line. Blank lines and lines starting with '#' are skipped. The first key is the
 *     current KEK, and the keys below it only unwrap. {@link KekFiles#createKeyFile} writes such a file.</li>
 * <li><b>PKCS#12 keystore</b> ({@value #KEK_KEYSTORE_PATH}, or {@value #KEK_KEYSTORE_PATH_ENV}) with AES secret
 *     key entries, as {@code keytool -genseckey -keyalg AES -keysize 256 -storetype PKCS12} creates them. The
 *     entry {@value #KEK_KEYSTORE_ALIAS} (default {@value #DEFAULT_KEYSTORE_ALIAS}) is the current KEK, and
 *     every other AES secret key entry only unwraps. The password comes from {@value #KEK_KEYSTORE_PASSWORD} or
 *     {@value #KEK_KEYSTORE_PASSWORD_ENV}. Prefer the environment variable: a password in a configuration file
 *     or on a command line is easier to leak.</li>
 * </ul>
 * A configuration value wins over the environment variable for the same setting. Exactly one source may be
 * set: a key file and a keystore together are rejected, wherever each of them is set. Blank values count as
 * not set.
 *
 * <p>Neither source is checked for who else can read it, except that a key file readable by group or others is
 * logged as a warning. The loaded keys stay in memory as {@link Kek} describes.
 */
public final class KekLoader {

    public static final String KEK_FILE = ServiceConfig.KEK_FILE;
    public static final String KEK_KEYSTORE_PATH = ServiceConfig.KEK_KEYSTORE_PATH;
    public static final String KEK_KEYSTORE_PASSWORD = ServiceConfig.KEK_KEYSTORE_PASSWORD;
    public static final String KEK_KEYSTORE_ALIAS = ServiceConfig.KEK_KEYSTORE_ALIAS;
    public static final String DEFAULT_KEYSTORE_ALIAS = "eaas-kek";

    public static final String KEK_FILE_ENV = "EAAS_KEK_FILE";
    public static final String KEK_KEYSTORE_PATH_ENV = "EAAS_KEK_KEYSTORE_PATH";
    public static final String KEK_KEYSTORE_PASSWORD_ENV = "EAAS_KEK_KEYSTORE_PASSWORD";

    private KekLoader() {
    }

    /**
     * Loads the KEKs from the one source that is set.
     *
     * @param config configuration values by key, as strings, paths or Kafka {@link Password}s
     * @param environment environment lookup, such as {@code System::getenv}
     * @throws KekException if no source or both are set, or the source is missing, unreadable or invalid
     */
    public static Kek load(Map<String, ?> config, Function<String, String> environment) {
        Setting keyFile = keyFileSetting(config, environment);
        Setting keystore = keystoreSetting(config, environment);
        requireExactlyOne(keyFile, keystore);
        if (keyFile != null) {
            return KeyFileReader.read(keyFile.path(), keyFile.origin());
        }
        Setting password = setting(config, environment, KEK_KEYSTORE_PASSWORD, KEK_KEYSTORE_PASSWORD_ENV);
        return KeystoreReader.read(keystore.path(), keystore.origin(), password, alias(config));
    }

    /**
     * Describes the source {@link #load} reads, such as "key file /etc/eaas/kek" or "PKCS#12 keystore
     * /etc/eaas/kek.p12, alias eaas-kek", for a log line like "Loaded KEK 0123456789abcdef from key file
     * /etc/eaas/kek (1 older KEK for unwrapping)". It never contains a key or a password.
     *
     * @throws KekException if no source or both are set
     */
    public static String describeSource(Map<String, ?> config, Function<String, String> environment) {
        Setting keyFile = keyFileSetting(config, environment);
        Setting keystore = keystoreSetting(config, environment);
        requireExactlyOne(keyFile, keystore);
        if (keyFile != null) {
            return "key file " + keyFile.path();
        }
        return "PKCS#12 keystore " + keystore.path() + ", alias " + alias(config);
    }

    private static Setting keyFileSetting(Map<String, ?> config, Function<String, String> environment) {
        return setting(config, environment, KEK_FILE, KEK_FILE_ENV);
    }

    private static Setting keystoreSetting(Map<String, ?> config, Function<String, String> environment) {
        return setting(config, environment, KEK_KEYSTORE_PATH, KEK_KEYSTORE_PATH_ENV);
    }

    private static void requireExactlyOne(Setting keyFile, Setting keystore) {
        if (keyFile == null && keystore == null) {
            throw new KekException("No KEK is configured. Looked at the settings " + KEK_FILE + " and "
                    + KEK_KEYSTORE_PATH + " and the environment variables " + KEK_FILE_ENV + " and "
                    + KEK_KEYSTORE_PATH_ENV + ", and none is set. Set one of them: a key file, which the command"
                    + " 'eaas kek create --file PATH' writes, or a PKCS#12 keystore with an AES-256 secret key.");
        }
        if (keyFile != null && keystore != null) {
            throw new KekException("Both a KEK file (" + keyFile.origin() + " = " + keyFile.value()
                    + ") and a KEK keystore (" + keystore.origin() + " = " + keystore.value()
                    + ") are set. Set only one of them.");
        }
    }

    private static String alias(Map<String, ?> config) {
        String alias = text(config.get(KEK_KEYSTORE_ALIAS));
        return alias == null ? DEFAULT_KEYSTORE_ALIAS : alias.strip();
    }

    private static Setting setting(Map<String, ?> config, Function<String, String> environment, String key,
            String environmentVariable) {
        String configured = text(config.get(key));
        if (configured != null) {
            return new Setting(key, configured);
        }
        String fromEnvironment = environment.apply(environmentVariable);
        if (fromEnvironment != null && !fromEnvironment.isBlank()) {
            return new Setting("environment variable " + environmentVariable, fromEnvironment);
        }
        return null;
    }

    private static String text(Object value) {
        String text;
        if (value instanceof Password password) {
            text = password.value();
        } else {
            text = value == null ? null : value.toString();
        }
        return text == null || text.isBlank() ? null : text;
    }

    /** A value that is set, and where: a configuration key or an environment variable. */
    record Setting(String origin, String value) {

        Path path() {
            try {
                return Path.of(value.strip()).toAbsolutePath().normalize();
            } catch (InvalidPathException invalid) {
                throw new KekException("Invalid path in " + origin + ": " + invalid.getMessage());
            }
        }

        /** Returns the origin only, so that a password never reaches a message or a log. */
        @Override
        public String toString() {
            return origin;
        }
    }
}
