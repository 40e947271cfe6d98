package dev.eaas.loadgen.trace;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Finds the TrainTicket span traces of the Nezha dataset, which stay outside the repository.
 *
 * <p>The system property {@value #SHARED_DIR_PROPERTY} names the folder that contains {@code data/traces}. Without
 * it, the folder is a directory named {@code shared} beside the working directory or beside one of its parents, as
 * it is beside the project checkout.
 */
public final class SharedTraceData {

    static final String SHARED_DIR_PROPERTY = "eaas.shared.dir";

    private static final String TRAIN_TICKET_FOLDER = "data/traces/nezha-trainticket/trainticket";

    private SharedTraceData() {
    }

    /** Returns a TrainTicket span CSV file, or skips the calling test when the folder is absent. */
    public static Path trainTicketFile(String fileName) {
        Path folder = trainTicketFolder();
        assumeTrue(Files.isDirectory(folder), "TrainTicket span traces not found in " + folder
                + ", the folder named shared beside the working directory or one of its parents; set -D"
                + SHARED_DIR_PROPERTY + "=DIR to the folder that contains " + TRAIN_TICKET_FOLDER);
        return folder.resolve(fileName);
    }

    private static Path trainTicketFolder() {
        String configured = System.getProperty(SHARED_DIR_PROPERTY);
        if (configured != null && !configured.isBlank()) {
            return Path.of(configured).resolve(TRAIN_TICKET_FOLDER);
        }
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            Path candidate = dir.resolve("shared").resolve(TRAIN_TICKET_FOLDER);
            if (Files.isDirectory(candidate)) {
                return candidate;
            }
        }
        return Path.of("shared").resolve(TRAIN_TICKET_FOLDER).toAbsolutePath();
    }
}
