package dev.eaas.topology.crypto;

import dev.eaas.topology.common.ServiceConfig;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Map;

/** KEKs for tests, each in a fresh key file under the test's temporary folder. */
public final class TestKeks {

    private TestKeks() {
    }

    /** Returns a KEK loaded from a new key file named {@code name} in {@code dir}. */
    public static Kek fresh(Path dir, String name) {
        Path file = KekFiles.createKeyFile(dir.resolve(name), new SecureRandom());
        return KekLoader.load(Map.of(ServiceConfig.KEK_FILE, file.toString()), variable -> null);
    }
}
