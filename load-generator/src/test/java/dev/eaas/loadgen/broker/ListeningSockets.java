package dev.eaas.loadgen.broker;

import java.io.IOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/** Lists the TCP sockets in LISTEN state that this JVM has open, read from Linux's /proc. */
final class ListeningSockets {

    /** A socket's local address and port. */
    record Endpoint(InetAddress address, int port) {
    }

    private static final Path PROC_NET = Path.of("/proc/net");
    private static final Path OWN_FILE_DESCRIPTORS = Path.of("/proc/self/fd");
    private static final Pattern SOCKET_LINK = Pattern.compile("socket:\\[(\\d+)]");
    private static final String LISTEN_STATE = "0A";

    private ListeningSockets() {
    }

    static boolean supported() {
        return Files.isReadable(PROC_NET.resolve("tcp")) && Files.isDirectory(OWN_FILE_DESCRIPTORS);
    }

    static List<Endpoint> ofThisProcess() throws IOException {
        Set<String> ownInodes = ownSocketInodes();
        List<Endpoint> endpoints = new ArrayList<>();
        for (String table : List.of("tcp", "tcp6")) {
            Path file = PROC_NET.resolve(table);
            if (!Files.isReadable(file)) {
                continue;
            }
            List<String> lines = Files.readAllLines(file);
            // Columns: sl local_address rem_address st tx_queue:rx_queue tr:tm->when retrnsmt uid timeout inode ...
            for (String line : lines.subList(1, lines.size())) {
                String[] columns = line.trim().split("\\s+");
                if (columns[3].equals(LISTEN_STATE) && ownInodes.contains(columns[9])) {
                    endpoints.add(parseEndpoint(columns[1]));
                }
            }
        }
        return endpoints;
    }

    private static Set<String> ownSocketInodes() throws IOException {
        Set<String> inodes = new HashSet<>();
        try (Stream<Path> descriptors = Files.list(OWN_FILE_DESCRIPTORS)) {
            for (Path descriptor : descriptors.toList()) {
                try {
                    Matcher matcher = SOCKET_LINK.matcher(Files.readSymbolicLink(descriptor).toString());
                    if (matcher.matches()) {
                        inodes.add(matcher.group(1));
                    }
                } catch (IOException closedMeanwhile) {
                    // The descriptor was closed between listing and reading it.
                }
            }
        }
        return inodes;
    }

    /**
     * Parses {@code ADDRESS:PORT} as the kernel prints it: the port in hex, the address as 32-bit words in hex,
     * each word being the address bytes read as an integer in the host's byte order.
     */
    private static Endpoint parseEndpoint(String hexEndpoint) throws UnknownHostException {
        String[] parts = hexEndpoint.split(":");
        String hexAddress = parts[0];
        ByteBuffer address = ByteBuffer.allocate(hexAddress.length() / 2).order(ByteOrder.nativeOrder());
        for (int i = 0; i < hexAddress.length(); i += 8) {
            address.putInt((int) Long.parseLong(hexAddress.substring(i, i + 8), 16));
        }
        return new Endpoint(InetAddress.getByAddress(address.array()), Integer.parseInt(parts[1], 16));
    }
}
