package io.raftlite.bench;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Free TCP ports on loopback for nodes that bind them later: drawn from below the kernel's
 * ephemeral range, because a port inside it can meanwhile become the source port of some outbound
 * connection (another node reconnecting, say) and the node's bind then fails. Port 0 ("any free
 * port") hands out exactly such ports. Used by the bench's local cluster and by the tests.
 */
public final class LoopbackPorts {
    private static final int LOWEST = 10_000;
    private static final Path EPHEMERAL_RANGE = Path.of("/proc/sys/net/ipv4/ip_local_port_range");

    private LoopbackPorts() {
    }

    /** {@code count} distinct ports that are free now. */
    public static List<Integer> free(int count) throws IOException {
        int highest = ephemeralLow() - 1;
        List<Integer> ports = new ArrayList<>();
        for (int attempt = 0; ports.size() < count; attempt++) {
            if (attempt > 1000 * count) {
                throw new IOException("no free loopback port found in " + LOWEST + ".." + highest);
            }
            int port = ThreadLocalRandom.current().nextInt(LOWEST, highest + 1);
            if (!ports.contains(port) && isFree(port)) {
                ports.add(port);
            }
        }
        return List.copyOf(ports);
    }

    public static int free() throws IOException {
        return free(1).get(0);
    }

    private static boolean isFree(int port) {
        try (ServerSocket probe = new ServerSocket()) {
            probe.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
            return true;
        } catch (IOException inUse) {
            return false;
        }
    }

    /** The first ephemeral port (Linux's 32768 where the range cannot be read or leaves no room below it). */
    static int ephemeralLow() {
        try {
            int low = Integer.parseInt(Files.readString(EPHEMERAL_RANGE).trim().split("\\s+")[0]);
            return low > LOWEST + 1024 ? low : 32768;
        } catch (IOException | RuntimeException unreadable) {
            return 32768;
        }
    }
}
