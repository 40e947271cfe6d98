package dev.eaas.loadgen.evaluation;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.atomic.AtomicInteger;
import org.h2.tools.Server;

/**
 * The database whose password the chain passes along: an in-memory H2 database served by an H2 TCP server on
 * 127.0.0.1. Each attempt gets an account of its own with a fresh random password, so that a password
 * captured in one attempt is worthless in the next.
 *
 * <p>H2 delays each failed login by 250 ms to 4 s by default. This evaluation turns the delay off, because the
 * adversary's limit is its guess budget, not the server's throttling.
 */
public final class PasswordDatabase implements AutoCloseable {

    /** An account of the database; the password is a secret of the chain. */
    public record Account(String database, String user, String password) {
        @Override
        public String toString() {
            return "Account[database=" + database + ", user=" + user + ", password=(hidden)]";
        }
    }

    /** Length of each account's password. */
    public static final int PASSWORD_LENGTH = 12;

    /** Printable ASCII without space, quotes and backslash, so a password needs no escaping in SQL or JSON. */
    private static final String PASSWORD_ALPHABET =
            "!#$%&()*+,-./0123456789:;<=>?@ABCDEFGHIJKLMNOPQRSTUVWXYZ[]^_`abcdefghijklmnopqrstuvwxyz{|}~";

    static {
        // Read once when H2's SysProperties class loads, so these must be set before any H2 class is used.
        System.setProperty("h2.bindAddress", "127.0.0.1");
        System.setProperty("h2.delayWrongPasswordMin", "0");
        System.setProperty("h2.delayWrongPasswordMax", "0");
    }

    private final Server server;
    private final String database;
    private final String url;
    private final Connection admin;
    private final SecureRandom random = new SecureRandom();
    private final AtomicInteger accounts = new AtomicInteger();

    private PasswordDatabase(Server server, String database, String url, Connection admin) {
        this.server = server;
        this.database = database;
        this.url = url;
        this.admin = admin;
    }

    /** Starts an H2 TCP server on a free port of 127.0.0.1 with one in-memory database named {@code database}. */
    public static PasswordDatabase start(String database) {
        if (!database.matches("[a-z][a-z0-9_]*")) {
            throw new IllegalArgumentException("Invalid database name " + database + "; use lower-case letters, digits and _");
        }
        Server server = null;
        try {
            server = Server.createTcpServer("-tcpPort", Integer.toString(freeLoopbackPort()), "-ifNotExists",
                    "-tcpDaemon").start();
            String url = "jdbc:h2:tcp://127.0.0.1:" + server.getPort() + "/mem:" + database;
            String adminPassword = randomPassword(new SecureRandom());
            // The first connection creates the database and makes its user the administrator.
            Connection admin = DriverManager.getConnection(url + ";DB_CLOSE_DELAY=-1", "sa", adminPassword);
            return new PasswordDatabase(server, database, url, admin);
        } catch (SQLException failure) {
            if (server != null) {
                server.stop();
            }
            throw new IllegalStateException("Failed to start the H2 database " + database + " on 127.0.0.1: "
                    + failure.getMessage(), failure);
        }
    }

    /** Creates an account with a fresh random password. */
    public Account createAccount() {
        String user = "svc_" + database + "_" + accounts.incrementAndGet();
        String password = randomPassword(random);
        execute("CREATE USER \"" + user + "\" PASSWORD '" + password + "'");
        return new Account(database, user, password);
    }

    /** Drops an account, so its password logs in no more. */
    public void dropAccount(Account account) {
        execute("DROP USER IF EXISTS \"" + account.user() + "\"");
    }

    /** Returns whether a real JDBC login with this user and password succeeds. */
    public boolean logsIn(String user, String password) {
        try (Connection connection = DriverManager.getConnection(url, user, password)) {
            return connection.isValid(1);
        } catch (SQLException rejected) {
            return false;
        }
    }

    /** Returns the JDBC URL of the database. */
    public String url() {
        return url;
    }

    @Override
    public void close() {
        try {
            admin.close();
        } catch (SQLException failure) {
            // The server stops next, which closes the database anyway.
        }
        server.stop();
    }

    private void execute(String sql) {
        try (Statement statement = admin.createStatement()) {
            statement.execute(sql);
        } catch (SQLException failure) {
            throw new IllegalStateException("Failed to change an account of database " + database + ": "
                    + failure.getMessage(), failure);
        }
    }

    static String randomPassword(SecureRandom random) {
        StringBuilder password = new StringBuilder(PASSWORD_LENGTH);
        for (int i = 0; i < PASSWORD_LENGTH; i++) {
            password.append(PASSWORD_ALPHABET.charAt(random.nextInt(PASSWORD_ALPHABET.length())));
        }
        return password.toString();
    }

    private static int freeLoopbackPort() {
        // NOTE: another process may take the port between this check and H2's bind; start then fails and can be retried.
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException failure) {
            throw new UncheckedIOException("Failed to find a free port on 127.0.0.1", failure);
        }
    }
}
