package dev.eaas.topology.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.util.List;
import java.util.Map;
import javax.crypto.spec.SecretKeySpec;
import org.apache.kafka.common.config.types.Password;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Which source the loader reads: configuration, environment, precedence and conflicts. */
class KekLoaderSourceTest {

    private static final String PASSWORD = "keystore-password-1";

    @TempDir
    Path folder;

    private byte[] fileKey;
    private Path keyFile;
    private byte[] otherFileKey;
    private Path otherKeyFile;
    private byte[] keystoreKey;
    private Path keystore;

    @BeforeEach
    void writeSources() throws IOException, GeneralSecurityException {
        fileKey = KekTest.randomKey();
        keyFile = Files.writeString(folder.resolve("kek"), KekLoaderKeyFileTest.base64(fileKey) + "\n");
        otherFileKey = KekTest.randomKey();
        otherKeyFile = Files.writeString(folder.resolve("other-kek"), KekLoaderKeyFileTest.base64(otherFileKey) + "\n");
        keystoreKey = KekTest.randomKey();
        keystore = folder.resolve("kek.p12");
        KeyStore store = KeyStore.getInstance("PKCS12");
        store.load(null, null);
        store.setEntry("eaas-kek", new KeyStore.SecretKeyEntry(new SecretKeySpec(keystoreKey, "AES")),
                new KeyStore.PasswordProtection(PASSWORD.toCharArray()));
        try (OutputStream out = Files.newOutputStream(keystore)) {
            store.store(out, PASSWORD.toCharArray());
        }
    }

    @Test
    void keyFileFromEnvironment() {
        Map<String, String> environment = Map.of(KekLoader.KEK_FILE_ENV, keyFile.toString());

        Kek kek = KekLoader.load(Map.of(), environment::get);

        assertThat(kek.currentFingerprint()).isEqualTo(fingerprint(fileKey));
    }

    @Test
    void keystoreAndPasswordFromEnvironment() {
        Map<String, String> environment = Map.of(KekLoader.KEK_KEYSTORE_PATH_ENV, keystore.toString(),
                KekLoader.KEK_KEYSTORE_PASSWORD_ENV, PASSWORD);

        Kek kek = KekLoader.load(Map.of(), environment::get);

        assertThat(kek.currentFingerprint()).isEqualTo(fingerprint(keystoreKey));
    }

    @Test
    void keystorePathConfiguredPasswordFromEnvironment() {
        Map<String, String> environment = Map.of(KekLoader.KEK_KEYSTORE_PASSWORD_ENV, PASSWORD);

        Kek kek = KekLoader.load(Map.of(KekLoader.KEK_KEYSTORE_PATH, keystore), environment::get);

        assertThat(kek.currentFingerprint()).isEqualTo(fingerprint(keystoreKey));
    }

    @Test
    void configuredKeyFileWinsOverEnvironment() {
        Map<String, String> environment = Map.of(KekLoader.KEK_FILE_ENV, otherKeyFile.toString());

        Kek kek = KekLoader.load(Map.of(KekLoader.KEK_FILE, keyFile.toString()), environment::get);

        assertThat(kek.currentFingerprint()).isEqualTo(fingerprint(fileKey));
        assertThat(KekLoader.describeSource(Map.of(KekLoader.KEK_FILE, keyFile.toString()), environment::get))
                .isEqualTo("key file " + keyFile);
    }

    @Test
    void configuredPasswordWinsOverEnvironment() {
        Map<String, String> environment = Map.of(KekLoader.KEK_KEYSTORE_PASSWORD_ENV, "wrong-password");
        Map<String, Object> config = Map.of(KekLoader.KEK_KEYSTORE_PATH, keystore.toString(),
                KekLoader.KEK_KEYSTORE_PASSWORD, new Password(PASSWORD));

        Kek kek = KekLoader.load(config, environment::get);

        assertThat(kek.currentFingerprint()).isEqualTo(fingerprint(keystoreKey));
    }

    @Test
    void wrongPasswordFromEnvironmentNamesVariable() {
        Map<String, String> environment = Map.of(KekLoader.KEK_KEYSTORE_PASSWORD_ENV, "wrong-password");

        assertThatThrownBy(() -> KekLoader.load(Map.of(KekLoader.KEK_KEYSTORE_PATH, keystore.toString()),
                environment::get))
                .isInstanceOf(KekException.class)
                .hasMessageContaining("the password from environment variable EAAS_KEK_KEYSTORE_PASSWORD is wrong")
                .hasMessageNotContaining("wrong-password");
    }

    @Test
    void blankValuesCountAsNotSet() {
        Map<String, String> environment = Map.of(KekLoader.KEK_FILE_ENV, keyFile.toString(),
                KekLoader.KEK_KEYSTORE_PATH_ENV, "  ");

        Kek kek = KekLoader.load(Map.of(KekLoader.KEK_FILE, ""), environment::get);

        assertThat(kek.currentFingerprint()).isEqualTo(fingerprint(fileKey));
    }

    @Test
    void noSourceNamesEverySettingLookedAt() {
        assertThatThrownBy(() -> KekLoader.load(Map.of(), name -> null))
                .isInstanceOf(KekException.class)
                .hasMessageContaining("No KEK is configured")
                .hasMessageContaining("kek.file")
                .hasMessageContaining("kek.keystore.path")
                .hasMessageContaining("EAAS_KEK_FILE")
                .hasMessageContaining("EAAS_KEK_KEYSTORE_PATH")
                .hasMessageContaining("eaas kek create");
    }

    @Test
    void noSourceFailsDescribeSourceToo() {
        assertThatThrownBy(() -> KekLoader.describeSource(Map.of(), name -> null))
                .isInstanceOf(KekException.class)
                .hasMessageContaining("No KEK is configured");
    }

    @Test
    void keyFileAndKeystoreTogetherAreRejected() {
        Map<String, Object> config = Map.of(KekLoader.KEK_FILE, keyFile.toString(),
                KekLoader.KEK_KEYSTORE_PATH, keystore.toString(), KekLoader.KEK_KEYSTORE_PASSWORD, PASSWORD);

        assertThatThrownBy(() -> KekLoader.load(config, name -> null))
                .isInstanceOf(KekException.class)
                .hasMessageContaining("Both a KEK file (kek.file = " + keyFile + ")")
                .hasMessageContaining("a KEK keystore (kek.keystore.path = " + keystore + ")")
                .hasMessageContaining("Set only one of them")
                .hasMessageNotContaining(PASSWORD);
    }

    @Test
    void keyFileAndEnvironmentKeystoreRejected() {
        Map<String, String> environment = Map.of(KekLoader.KEK_KEYSTORE_PATH_ENV, keystore.toString());

        assertThatThrownBy(() -> KekLoader.load(Map.of(KekLoader.KEK_FILE, keyFile.toString()), environment::get))
                .isInstanceOf(KekException.class)
                .hasMessageContaining("Both a KEK file (kek.file = " + keyFile + ")")
                .hasMessageContaining("(environment variable EAAS_KEK_KEYSTORE_PATH = " + keystore + ")");
    }

    private static String fingerprint(byte[] key) {
        return Kek.of(key, List.of()).currentFingerprint();
    }
}
