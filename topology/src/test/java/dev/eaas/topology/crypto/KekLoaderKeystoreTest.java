package dev.eaas.topology.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assumptions.assumeThat;

import dev.eaas.topics.SuiteId;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KekLoaderKeystoreTest {

    private static final String PASSWORD = "keystore-password-1";
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final DekBinding BINDING = new DekBinding(54, 1, 2, 1, SuiteId.AES_256_GCM);

    @TempDir
    Path folder;

    @Test
    void defaultAliasIsCurrentKek() throws Exception {
        byte[] key = KekTest.randomKey();
        Path keystore = keystore(Map.of("eaas-kek", aes(key)));

        Kek kek = load(keystore, PASSWORD, null);

        assertThat(kek.fingerprints()).containsExactly(fingerprint(key));
    }

    @Test
    void otherAesEntryOnlyUnwraps() throws Exception {
        byte[] current = KekTest.randomKey();
        byte[] older = KekTest.randomKey();
        Path keystore = keystore(Map.of("eaas-kek", aes(current), "eaas-kek-retired-1", aes(older)));
        byte[] dek = Kek.generateDek(SuiteId.AES_256_GCM, RANDOM);
        byte[] wrappedByOlder = Kek.of(older, List.of()).wrap(dek, BINDING);

        Kek kek = load(keystore, PASSWORD, null);

        assertThat(kek.currentFingerprint()).isEqualTo(fingerprint(current));
        assertThat(kek.fingerprints()).containsExactly(fingerprint(current), fingerprint(older));
        assertThat(kek.unwrap(wrappedByOlder, BINDING)).isEqualTo(dek);
    }

    @Test
    void configuredAliasSelectsCurrentKek() throws Exception {
        byte[] first = KekTest.randomKey();
        byte[] second = KekTest.randomKey();
        Path keystore = keystore(Map.of("kek-a", aes(first), "kek-b", aes(second)));

        Kek kek = load(keystore, PASSWORD, "KEK-B");

        assertThat(kek.currentFingerprint()).isEqualTo(fingerprint(second));
        assertThat(kek.fingerprints()).containsExactlyInAnyOrder(fingerprint(first), fingerprint(second));
    }

    @Test
    void olderNonAesSecretKeyIsSkipped() throws Exception {
        byte[] current = KekTest.randomKey();
        Path keystore = keystore(Map.of("eaas-kek", aes(current),
                "mac", new KeyStore.SecretKeyEntry(new SecretKeySpec(KekTest.randomKey(), "HmacSHA256"))));

        Kek kek = load(keystore, PASSWORD, null);

        assertThat(kek.fingerprints()).containsExactly(fingerprint(current));
    }

    @Test
    void wrongPasswordIsReported() throws Exception {
        Path keystore = keystore(Map.of("eaas-kek", aes(KekTest.randomKey())));

        assertThatThrownBy(() -> load(keystore, "not-the-password", null))
                .isInstanceOf(KekException.class)
                .hasMessageContaining("KEK keystore " + keystore + " cannot be opened")
                .hasMessageContaining("the password from kek.keystore.password is wrong")
                .hasMessageContaining("integrity check failed")
                .hasMessageNotContaining("not-the-password");
    }

    @Test
    void missingPasswordNamesSettingAndVariable() throws Exception {
        Path keystore = keystore(Map.of("eaas-kek", aes(KekTest.randomKey())));

        assertThatThrownBy(() -> load(keystore, null, null))
                .isInstanceOf(KekException.class)
                .hasMessageContaining("No password is set for KEK keystore " + keystore)
                .hasMessageContaining("EAAS_KEK_KEYSTORE_PASSWORD")
                .hasMessageContaining("kek.keystore.password");
    }

    @Test
    void missingAliasListsAliasesFound() throws Exception {
        Path keystore = keystore(Map.of("kek-a", aes(KekTest.randomKey()), "kek-b", aes(KekTest.randomKey())));

        assertThatThrownBy(() -> load(keystore, PASSWORD, null))
                .isInstanceOf(KekException.class)
                .hasMessageContaining("has no entry with alias 'eaas-kek'; its aliases are: kek-a, kek-b")
                .hasMessageContaining("Set kek.keystore.alias");
    }

    @Test
    void emptyKeystoreSaysNoAliases() throws Exception {
        Path keystore = keystore(Map.of());

        assertThatThrownBy(() -> load(keystore, PASSWORD, null))
                .isInstanceOf(KekException.class)
                .hasMessageContaining("has no entry with alias 'eaas-kek'; its aliases are: none");
    }

    @Test
    void currentAliasOfNonAesKeyIsRejected() throws Exception {
        Path keystore = keystore(Map.of("eaas-kek",
                new KeyStore.SecretKeyEntry(new SecretKeySpec(KekTest.randomKey(), "HmacSHA256"))));

        assertThatThrownBy(() -> load(keystore, PASSWORD, null))
                .isInstanceOf(KekException.class)
                .hasMessageContaining("Entry 'eaas-kek' of KEK keystore " + keystore + " is a HmacSHA256 key, not an"
                        + " AES key");
    }

    @Test
    void currentAliasOfPrivateKeyIsRejected() throws Exception {
        Path keytool = keytool();
        Path keystore = folder.resolve("kek.p12");
        run(keytool, Map.of("STORE_PASSWORD", PASSWORD), "-genkeypair", "-alias", "eaas-kek", "-keyalg", "EC",
                "-groupname", "secp256r1", "-dname", "CN=eaas-test", "-storetype", "PKCS12",
                "-keystore", keystore.toString(), "-storepass:env", "STORE_PASSWORD");

        assertThatThrownBy(() -> load(keystore, PASSWORD, null))
                .isInstanceOf(KekException.class)
                .hasMessageContaining("Entry 'eaas-kek' of KEK keystore " + keystore + " is a private key entry,"
                        + " not an AES secret key")
                .hasMessageContaining("keytool -genseckey");
    }

    @Test
    void aesKeyOf128BitsIsRejected() throws Exception {
        byte[] shortKey = new byte[16];
        RANDOM.nextBytes(shortKey);
        Path keystore = keystore(Map.of("eaas-kek", aes(shortKey)));

        assertThatThrownBy(() -> load(keystore, PASSWORD, null))
                .isInstanceOf(KekException.class)
                .hasMessageContaining("Entry 'eaas-kek' of KEK keystore " + keystore + " is a 128-bit AES key; a KEK"
                        + " must be 256 bits");
    }

    @Test
    void olderAesKeyOf128BitsIsRejected() throws Exception {
        byte[] shortKey = new byte[16];
        RANDOM.nextBytes(shortKey);
        Path keystore = keystore(Map.of("eaas-kek", aes(KekTest.randomKey()), "small", aes(shortKey)));

        assertThatThrownBy(() -> load(keystore, PASSWORD, null))
                .isInstanceOf(KekException.class)
                .hasMessageContaining("Entry 'small' of KEK keystore " + keystore + " is a 128-bit AES key");
    }

    @Test
    void sameKeyUnderTwoAliasesIsRejected() throws Exception {
        byte[] key = KekTest.randomKey();
        Path keystore = keystore(Map.of("eaas-kek", aes(key), "copy", aes(key.clone())));

        assertThatThrownBy(() -> load(keystore, PASSWORD, null))
                .isInstanceOf(KekException.class)
                .hasMessageContaining("Entries 'eaas-kek' and 'copy' of KEK keystore " + keystore
                        + " contain the same key (KEK " + fingerprint(key) + ")");
    }

    @Test
    void missingKeystoreNamesPath() {
        Path missing = folder.resolve("missing.p12");

        assertThatThrownBy(() -> load(missing, PASSWORD, null))
                .isInstanceOf(KekException.class)
                .hasMessageContaining("KEK keystore " + missing + " (from kek.keystore.path) does not exist");
    }

    @Test
    void fileThatIsNotPkcs12IsRejected() throws IOException {
        Path notKeystore = Files.writeString(folder.resolve("kek.p12"), "plain text, not a keystore\n",
                StandardCharsets.US_ASCII);

        assertThatThrownBy(() -> load(notKeystore, PASSWORD, null))
                .isInstanceOf(KekException.class)
                .hasMessageContaining("KEK keystore " + notKeystore + " (from kek.keystore.path) cannot be read as a"
                        + " PKCS#12 keystore");
    }

    @Test
    void describeSourceNamesKeystoreAndAlias() throws Exception {
        Path keystore = keystore(Map.of("eaas-kek", aes(KekTest.randomKey())));

        String source = KekLoader.describeSource(Map.of(KekLoader.KEK_KEYSTORE_PATH, keystore.toString(),
                KekLoader.KEK_KEYSTORE_PASSWORD, PASSWORD), name -> null);

        assertThat(source).isEqualTo("PKCS#12 keystore " + keystore + ", alias eaas-kek").doesNotContain(PASSWORD);
    }

    /** Runs the keytool commands that docs/kek.md gives, creating a KEK and then rotating it. */
    @Test
    void keytoolKeystoreLoadsAndRotates() throws Exception {
        Path keytool = keytool();
        Path keystore = folder.resolve("kek.p12");
        Map<String, String> environment = Map.of(KekLoader.KEK_KEYSTORE_PATH_ENV, keystore.toString(),
                KekLoader.KEK_KEYSTORE_PASSWORD_ENV, PASSWORD);
        byte[] dek = Kek.generateDek(SuiteId.AES_256_GCM, RANDOM);

        run(keytool, environment, "-genseckey", "-alias", "eaas-kek", "-keyalg", "AES", "-keysize", "256",
                "-storetype", "PKCS12", "-keystore", keystore.toString(), "-storepass:env", "EAAS_KEK_KEYSTORE_PASSWORD");
        Kek first = KekLoader.load(Map.of(), environment::get);
        byte[] wrapped = first.wrap(dek, BINDING);
        run(keytool, environment, "-changealias", "-alias", "eaas-kek", "-destalias", "eaas-kek-retired-1",
                "-keystore", keystore.toString(), "-storepass:env", "EAAS_KEK_KEYSTORE_PASSWORD");
        run(keytool, environment, "-genseckey", "-alias", "eaas-kek", "-keyalg", "AES", "-keysize", "256",
                "-storetype", "PKCS12", "-keystore", keystore.toString(), "-storepass:env", "EAAS_KEK_KEYSTORE_PASSWORD");
        Kek rotated = KekLoader.load(Map.of(), environment::get);

        assertThat(rotated.currentFingerprint()).isNotEqualTo(first.currentFingerprint());
        assertThat(rotated.fingerprints()).containsExactly(rotated.currentFingerprint(), first.currentFingerprint());
        assertThat(rotated.unwrap(wrapped, BINDING)).isEqualTo(dek);
    }

    private Kek load(Path keystore, String password, String alias) {
        Map<String, Object> config = new HashMap<>();
        config.put(KekLoader.KEK_KEYSTORE_PATH, keystore.toString());
        if (password != null) {
            config.put(KekLoader.KEK_KEYSTORE_PASSWORD, password);
        }
        if (alias != null) {
            config.put(KekLoader.KEK_KEYSTORE_ALIAS, alias);
        }
        Function<String, String> noEnvironment = name -> null;
        return KekLoader.load(config, noEnvironment);
    }

    private Path keystore(Map<String, KeyStore.Entry> entries) throws GeneralSecurityException, IOException {
        KeyStore keystore = KeyStore.getInstance("PKCS12");
        keystore.load(null, null);
        KeyStore.PasswordProtection protection = new KeyStore.PasswordProtection(PASSWORD.toCharArray());
        for (Map.Entry<String, KeyStore.Entry> entry : entries.entrySet()) {
            keystore.setEntry(entry.getKey(), entry.getValue(), protection);
        }
        Path path = folder.resolve("kek.p12");
        try (OutputStream out = Files.newOutputStream(path)) {
            keystore.store(out, PASSWORD.toCharArray());
        }
        return path;
    }

    private static KeyStore.SecretKeyEntry aes(byte[] key) {
        return new KeyStore.SecretKeyEntry(new SecretKeySpec(key, "AES"));
    }

    private static String fingerprint(byte[] key) {
        return Kek.of(key, List.of()).currentFingerprint();
    }

    /** Returns the JDK's keytool, skipping the test when the JDK has none. */
    private static Path keytool() {
        Path keytool = Path.of(System.getProperty("java.home"), "bin", "keytool");
        assumeThat(Files.isExecutable(keytool)).as("keytool in the JDK's bin folder").isTrue();
        return keytool;
    }

    private static void run(Path keytool, Map<String, String> environment, String... arguments)
            throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(keytool.toString());
        command.addAll(List.of(arguments));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().putAll(environment);
        Process process = builder.start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).as("keytool finished").isTrue();
        assertThat(process.exitValue()).as("keytool exit code; output: %s", output).isZero();
    }
}
