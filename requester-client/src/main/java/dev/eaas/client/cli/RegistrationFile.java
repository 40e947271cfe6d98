package dev.eaas.client.cli;

import dev.eaas.client.Registration;
import dev.eaas.topics.SuiteId;
import java.io.IOException;
import java.io.Reader;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Properties;

/**
 * A registration as Java properties: {@code subscriber}, {@code coordinator}, {@code deception.factor.bits},
 * {@code token}, {@code cipher.suite} and {@code check}. The token is the subscriber's secret, so the text
 * must be kept private.
 *
 * <p>The client cannot tell a wrong token from a right one, because the coordinator drops frames with a
 * wrong token without a reply, and an encryption with a wrong token completes with the ciphertext of a decoy.
 * The check value therefore guards the file against edits and typos. It is the first 8 bytes, in hex, of the SHA-256
 * hash of {@code eaas-registration-v2|<subscriber>|<coordinator>|<deception.factor.bits>|<token>|<cipher.suite>},
 * with the numbers in decimal and the suite's name. It detects accidental changes, not tampering, because anyone
 * can compute it. Trying every token against it reveals the token, so the check value is as secret as the token.
 *
 * <p>Files written before the cipher suite was recorded have no {@code cipher.suite} property, and their
 * check value hashes {@code eaas-registration-v1|<subscriber>|<coordinator>|<deception.factor.bits>|<token>}.
 * They are still read, with the default suite {@link SuiteId#DEFAULT}. Adding or removing the property
 * changes which text is hashed, so either edit is detected too.
 */
final class RegistrationFile {

    static final String SUBSCRIBER = "subscriber";
    static final String COORDINATOR = "coordinator";
    static final String DECEPTION_FACTOR_BITS = "deception.factor.bits";
    static final String TOKEN = "token";
    static final String CIPHER_SUITE = "cipher.suite";
    static final String CHECK = "check";

    /** Prefix of the hashed text of files without {@link #CIPHER_SUITE}. */
    private static final String CHECK_PREFIX_V1 = "eaas-registration-v1";
    private static final String CHECK_PREFIX_V2 = "eaas-registration-v2";
    private static final int CHECK_BYTES = 8;
    private static final String RECOVERY_ADVICE = "Register again with 'register --out FILE', which returns the same"
            + " registration for the same deception factor, or restore the file";

    private RegistrationFile() {
    }

    /** Returns the properties text of a registration, token and check value included. */
    static String format(Registration registration) {
        return "# EaaS registration of subscriber " + registration.subscriber() + ". The token is secret: keep this private.\n"
                + "# The check value detects changes to the other values: register again rather than edit them.\n"
                + SUBSCRIBER + "=" + registration.subscriber() + "\n"
                + COORDINATOR + "=" + registration.coordinator() + "\n"
                + DECEPTION_FACTOR_BITS + "=" + registration.deceptionFactorBits() + "\n"
                + TOKEN + "=" + registration.token() + "\n"
                + CIPHER_SUITE + "=" + registration.cipherSuite().suiteName() + "\n"
                + CHECK + "=" + checkValue(registration.subscriber(), registration.coordinator(),
                        registration.deceptionFactorBits(), registration.token(), registration.cipherSuite()) + "\n";
    }

    /** Returns the check value of a registration's values: 16 lowercase hex digits. */
    static String checkValue(int subscriber, int coordinator, int deceptionFactorBits, int token, SuiteId cipherSuite) {
        return hashPrefix(CHECK_PREFIX_V2 + "|" + subscriber + "|" + coordinator + "|" + deceptionFactorBits + "|"
                + token + "|" + cipherSuite.suiteName());
    }

    /** Returns the check value of a file written without {@link #CIPHER_SUITE}. */
    static String checkValueWithoutSuite(int subscriber, int coordinator, int deceptionFactorBits, int token) {
        return hashPrefix(CHECK_PREFIX_V1 + "|" + subscriber + "|" + coordinator + "|" + deceptionFactorBits + "|"
                + token);
    }

    private static String hashPrefix(String text) {
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(Arrays.copyOf(hash, CHECK_BYTES));
        } catch (NoSuchAlgorithmException impossible) {
            throw new IllegalStateException("SHA-256 is missing, although every Java platform must provide it",
                    impossible);
        }
    }

    /**
     * Writes a registration to {@code file}, replacing it. The text goes to a new file in the same directory
     * that is moved into place, so readers see the old or the new registration and never part of one. On
     * file systems with POSIX permissions the file is readable and writable by its owner only.
     *
     * @return whether the file was given owner-only permissions
     */
    static boolean write(Path file, Registration registration) throws IOException {
        try {
            return writeAtomically(file, registration);
        } catch (IOException failure) {
            throw new IOException("Failed to write registration file " + file + ": " + failure, failure);
        }
    }

    private static boolean writeAtomically(Path file, Registration registration) throws IOException {
        Path directory = file.toAbsolutePath().getParent();
        boolean posix = Files.getFileStore(directory).supportsFileAttributeView("posix");
        Path temporary = posix
                ? Files.createTempFile(directory, ".registration", ".tmp",
                        PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")))
                : Files.createTempFile(directory, ".registration", ".tmp");
        try {
            Files.writeString(temporary, format(registration), StandardCharsets.UTF_8);
            try {
                Files.move(temporary, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException notAtomic) {
                Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING);
            }
        } finally {
            Files.deleteIfExists(temporary);
        }
        return posix;
    }

    /**
     * Reads a registration file.
     *
     * @throws IOException if the file cannot be read
     * @throws IllegalArgumentException if a property is missing or invalid, or the check value does not match
     *     the other values; the message names the file
     */
    static Registration read(Path file) throws IOException {
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            return parse(reader, "registration file " + file);
        } catch (NoSuchFileException missing) {
            throw new IOException("Registration file " + file + " not found; write it with 'register --out FILE'", missing);
        } catch (IOException unreadable) {
            throw new IOException("Failed to read registration file " + file + ": " + unreadable, unreadable);
        }
    }

    /** Parses properties text; {@code source} names it in error messages. */
    static Registration parse(String text, String source) {
        try {
            return parse(new StringReader(text), source);
        } catch (IOException impossible) {
            throw new IllegalStateException("Failed to read a string", impossible);
        }
    }

    private static Registration parse(Reader reader, String source) throws IOException {
        Properties properties = new Properties();
        properties.load(reader);
        int subscriber = intProperty(properties, SUBSCRIBER, source);
        int coordinator = intProperty(properties, COORDINATOR, source);
        int deceptionFactorBits = intProperty(properties, DECEPTION_FACTOR_BITS, source);
        int token = intProperty(properties, TOKEN, source);
        String suiteName = properties.getProperty(CIPHER_SUITE);
        if (suiteName == null) {
            String check = checkValueWithoutSuite(subscriber, coordinator, deceptionFactorBits, token);
            requireCheck(properties, source, check, "subscriber, coordinator, deception factor and token");
            return registration(source, subscriber, coordinator, deceptionFactorBits, token, SuiteId.DEFAULT);
        }
        SuiteId cipherSuite = suiteProperty(suiteName, source);
        String check = checkValue(subscriber, coordinator, deceptionFactorBits, token, cipherSuite);
        requireCheck(properties, source, check, "subscriber, coordinator, deception factor, token and cipher suite");
        return registration(source, subscriber, coordinator, deceptionFactorBits, token, cipherSuite);
    }

    private static Registration registration(String source, int subscriber, int coordinator, int deceptionFactorBits,
                                             int token, SuiteId cipherSuite) {
        try {
            return new Registration(subscriber, coordinator, deceptionFactorBits, token, cipherSuite);
        } catch (IllegalArgumentException invalid) {
            throw new IllegalArgumentException("Invalid " + source + ": " + invalid.getMessage(), invalid);
        }
    }

    private static void requireCheck(Properties properties, String source, String expected, String checkedValues) {
        String check = properties.getProperty(CHECK);
        if (check == null) {
            throw new IllegalArgumentException("Missing property '" + CHECK + "' in " + source + ", so a changed"
                    + " value would go unnoticed. " + RECOVERY_ADVICE);
        }
        // Neither value is shown, because each reveals the token to anyone who tries every token.
        if (!MessageDigest.isEqual(expected.getBytes(StandardCharsets.US_ASCII),
                check.strip().toLowerCase(Locale.ROOT).getBytes(StandardCharsets.US_ASCII))) {
            throw new IllegalArgumentException("Invalid " + source + ": property '" + CHECK + "' does not match"
                    + " the " + checkedValues + ", so the file was changed. " + RECOVERY_ADVICE);
        }
    }

    private static SuiteId suiteProperty(String value, String source) {
        try {
            return SuiteId.ofName(value);
        } catch (IllegalArgumentException unknown) {
            throw new IllegalArgumentException("Invalid value '" + value.strip() + "' of property '" + CIPHER_SUITE
                    + "' in " + source + "; it must be one of " + SuiteId.names(), unknown);
        }
    }

    private static int intProperty(Properties properties, String name, String source) {
        String value = properties.getProperty(name);
        if (value == null) {
            throw new IllegalArgumentException("Missing property '" + name + "' in " + source);
        }
        try {
            return Integer.parseInt(value.strip());
        } catch (NumberFormatException notANumber) {
            // The value is left out because it may be the secret token.
            throw new IllegalArgumentException("Invalid value of property '" + name + "' in " + source
                    + "; it must be a decimal integer");
        }
    }
}
