package dev.eaas.loadgen.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.eaas.loadgen.broker.EmbeddedKafkaBroker;
import dev.eaas.loadgen.replay.ReplayCommand;
import dev.eaas.topics.SuiteId;
import dev.eaas.topics.avro.PairKey;
import dev.eaas.topics.avro.PairKeyRing;
import dev.eaas.topics.avro.PairKeyVersion;
import dev.eaas.topology.common.AvroBytes;
import dev.eaas.topology.common.ServiceConfig;
import dev.eaas.topology.crypto.DekBinding;
import dev.eaas.topology.crypto.Kek;
import dev.eaas.topology.crypto.KekException;
import dev.eaas.topology.crypto.KekFiles;
import dev.eaas.topology.crypto.KekLoader;
import dev.eaas.topology.keymanager.KeyManagerTopology;
import dev.eaas.topology.service.EaasService;
import dev.eaas.topology.service.Role;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * Checks what the KEK protects on a real broker. After a replay, every file the broker and the roles wrote is
 * searched for the bytes of every pair key (DEK) the replay created, and none may be there. A service given another
 * KEK than the stored keys were wrapped under must refuse to start.
 */
class DekExposureTest {

    @TempDir
    Path folder;

    @Test
    void noPairKeyReachesADiskInPlaintext() throws Exception {
        Path stateDir = Files.createDirectories(folder.resolve("state"));
        Kek kek;
        Map<String, Object> settings = new HashMap<>();
        Path kekFile = KekFiles.createKeyFile(folder.resolve("kek.key"), new SecureRandom());
        settings.put(ServiceConfig.KEK_FILE, kekFile.toString());
        settings.put(ServiceConfig.STATE_DIR, stateDir.toString());
        kek = KekLoader.load(Map.of(ServiceConfig.KEK_FILE, kekFile.toString()), variable -> null);

        try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start()) {
            settings.put(ServiceConfig.BOOTSTRAP_SERVERS, broker.bootstrapServers());
            List<byte[]> deks = new ArrayList<>();
            List<byte[]> wrappedDeks = new ArrayList<>();
            try (EaasService service = new EaasService(new ServiceConfig(settings), EnumSet.allOf(Role.class)).start()) {
                service.awaitRunning(60_000);
                int exitCode = new CommandLine(new ReplayCommand()).execute("--bootstrap-servers", broker.bootstrapServers(),
                        "--no-start-service", "--synthetic-requests", "150", "--subscriber", "3", "-d", "1",
                        "--summary", folder.resolve("summary.json").toString());
                assertThat(exitCode).isZero();
                JsonNode summary = new ObjectMapper().readTree(folder.resolve("summary.json").toFile());
                assertThat(summary.get("verified").asLong()).isEqualTo(summary.get("calls").asLong()).isPositive();

                ReadOnlyKeyValueStore<PairKey, PairKeyRing> keys = service.streams(Role.KEY_MANAGER).store(
                        StoreQueryParameters.fromNameAndType(KeyManagerTopology.KEY_STORE, QueryableStoreTypes.keyValueStore()));
                try (KeyValueIterator<PairKey, PairKeyRing> all = keys.all()) {
                    all.forEachRemaining(entry -> {
                        for (PairKeyVersion version : entry.value.getVersions()) {
                            byte[] wrapped = AvroBytes.of(version.getWrappedDek());
                            wrappedDeks.add(wrapped);
                            deks.add(unwrap(kek, entry.key, version, wrapped));
                        }
                    });
                }
            }
            // The roles are closed, so the state stores are flushed to their files.
            assertThat(deks).hasSizeGreaterThan(10);
            List<Path> files = new ArrayList<>(regularFiles(broker.baseDirectory()));
            files.addAll(regularFiles(stateDir));
            assertThat(files).isNotEmpty();

            // The scan must be able to find key bytes at all: the wrapped keys are in the changelog and the store.
            assertThat(countFound(files, wrappedDeks)).as("wrapped keys found on disk").isPositive();
            assertThat(countFound(files, deks)).as("plaintext pair keys found on disk").isZero();
        }
    }

    @Test
    void serviceGivenAnotherKekRefusesToStart() throws Exception {
        Path firstKek = KekFiles.createKeyFile(folder.resolve("first.key"), new SecureRandom());
        Path otherKek = KekFiles.createKeyFile(folder.resolve("other.key"), new SecureRandom());
        try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start()) {
            Map<String, Object> settings = new HashMap<>();
            settings.put(ServiceConfig.BOOTSTRAP_SERVERS, broker.bootstrapServers());
            settings.put(ServiceConfig.STATE_DIR, folder.resolve("state").toString());
            settings.put(ServiceConfig.KEK_FILE, firstKek.toString());
            try (EaasService service = new EaasService(new ServiceConfig(settings), EnumSet.allOf(Role.class)).start()) {
                service.awaitRunning(60_000);
                int exitCode = new CommandLine(new ReplayCommand()).execute("--bootstrap-servers", broker.bootstrapServers(),
                        "--no-start-service", "--synthetic-requests", "20", "--subscriber", "4", "-d", "0",
                        "--summary", folder.resolve("summary.json").toString());
                assertThat(exitCode).isZero();
            }

            settings.put(ServiceConfig.KEK_FILE, otherKek.toString());
            String firstFingerprint = KekLoader.load(Map.of(ServiceConfig.KEK_FILE, firstKek.toString()), variable -> null)
                    .currentFingerprint();
            EaasService wrongKek = new EaasService(new ServiceConfig(settings), EnumSet.of(Role.CRYPTOR));
            assertThatThrownBy(wrongKek::start)
                    .isInstanceOf(KekException.class)
                    .hasMessageContaining("wrapped under KEK " + firstFingerprint)
                    .hasMessageContaining("key-manager-pair-keys-changelog");
        }
    }

    private static byte[] unwrap(Kek kek, PairKey pair, PairKeyVersion version, byte[] wrapped) {
        try {
            return kek.unwrap(wrapped, new DekBinding(pair.getSubscriber(), pair.getLow(), pair.getHigh(),
                    version.getVersion(), SuiteId.ofId((byte) version.getSuite())));
        } catch (GeneralSecurityException failure) {
            throw new AssertionError("a stored key does not unwrap", failure);
        }
    }

    private static List<Path> regularFiles(Path root) throws IOException {
        try (Stream<Path> paths = Files.walk(root)) {
            return paths.filter(Files::isRegularFile).toList();
        }
    }

    /** Returns how many of the needles occur in at least one of the files. */
    private static long countFound(List<Path> files, List<byte[]> needles) throws IOException {
        // Index needles by their first eight bytes, so each file is read once whatever the number of needles.
        Map<Long, List<byte[]>> byPrefix = new HashMap<>();
        for (byte[] needle : needles) {
            byPrefix.computeIfAbsent(ByteBuffer.wrap(needle, 0, 8).getLong(), prefix -> new ArrayList<>()).add(needle);
        }
        Set<byte[]> found = Collections.newSetFromMap(new IdentityHashMap<>());
        for (Path file : files) {
            byte[] content;
            try {
                content = Files.readAllBytes(file);
            } catch (IOException vanished) {
                continue;
            }
            ByteBuffer buffer = ByteBuffer.wrap(content);
            for (int offset = 0; offset + 8 <= content.length; offset++) {
                List<byte[]> candidates = byPrefix.get(buffer.getLong(offset));
                if (candidates == null) {
                    continue;
                }
                for (byte[] needle : candidates) {
                    if (offset + needle.length <= content.length && Arrays.equals(content, offset,
                            offset + needle.length, needle, 0, needle.length)) {
                        found.add(needle);
                    }
                }
            }
        }
        return found.size();
    }
}
