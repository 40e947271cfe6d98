package dev.eaas.topics;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.avro.Schema;

/**
 * Earlier versions of this module's record schemas, so a record written by an earlier release still decodes. Each
 * file under {@value #FOLDER} contains the schemas of one earlier {@code .avsc} file as it was released, and a
 * record whose current schema gained fields with defaults reads them as their defaults.
 *
 * <p>Add the released file here whenever a schema of {@code src/main/avro} changes. {@code work-1.avsc} is the work
 * schema before key leases.
 *
 * <p>NOTE: this works one way only. A role of the earlier release dead-letters records of the newer schema. The
 * roles pass requests to each other in a cycle (coordinator, key manager, cryptor, coordinator), so while a
 * deployment runs both releases some requests are lost and their requesters time out. Updating every role at once,
 * or a release that writes the earlier schema until all roles read the newer one, avoids that.
 */
final class EarlierSchemas {

    static final String FOLDER = "/dev/eaas/topics/schemas/";
    static final List<String> FILES = List.of("work-1.avsc");

    private static final Map<String, List<Schema>> BY_NAME = new ConcurrentHashMap<>();

    static {
        for (String file : FILES) {
            for (Schema schema : parse(file)) {
                if (schema.getType() == Schema.Type.RECORD) {
                    BY_NAME.computeIfAbsent(schema.getFullName(), name -> new ArrayList<>()).add(schema);
                }
            }
        }
    }

    private EarlierSchemas() {
    }

    /** Returns the earlier schemas of the record with this full name, oldest first; empty if there are none. */
    static List<Schema> of(String fullName) {
        return BY_NAME.getOrDefault(fullName, List.of());
    }

    private static List<Schema> parse(String file) {
        try (InputStream in = EarlierSchemas.class.getResourceAsStream(FOLDER + file)) {
            if (in == null) {
                throw new IllegalStateException("Earlier schema file " + FOLDER + file + " is missing from the classpath");
            }
            Schema parsed = new Schema.Parser().parse(in);
            return parsed.getType() == Schema.Type.UNION ? parsed.getTypes() : List.of(parsed);
        } catch (IOException failure) {
            throw new UncheckedIOException("Failed to read earlier schema file " + FOLDER + file, failure);
        }
    }
}
