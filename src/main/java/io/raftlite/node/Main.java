package io.raftlite.node;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Path;

/** {@code raftlited CONFIG}: starts one node. A bad config stops it with one line naming key and file. */
public final class Main {
    private Main() {
    }

    public static void main(String[] args) {
        if (args.length != 1) {
            System.err.println("usage: raftlited CONFIG_FILE   (for example: bin/raftlited config/single.conf)");
            System.exit(2);
        }
        try {
            NodeConfig config = NodeConfig.load(Path.of(args[0]));
            requireFree(config, "raftlite.http.address", config.httpAddress());
            requireFree(config, "raftlite.raft.address", config.raftAddress());
            DataDirectoryLock.acquire(config);
            var system = NodeLauncher.start(config);
            // SIGTERM runs Pekko's coordinated shutdown (unbind HTTP, leave the cluster, stop actors,
            // close files) and exits 0, instead of the JVM's abrupt exit status 143.
            sun.misc.Signal.handle(new sun.misc.Signal("TERM"), signal -> org.apache.pekko.actor.CoordinatedShutdown
                    .get(system).runAll(org.apache.pekko.actor.CoordinatedShutdown.jvmExitReason()));
        } catch (ConfigError error) {
            System.err.println("raftlite: " + error.getMessage());
            System.exit(2);
        }
    }

    /** A port in use must stop the node at once, with the key and file, not after half of it started. */
    private static void requireFree(NodeConfig config, String key, HostPort address) {
        try (ServerSocket probe = new ServerSocket()) {
            probe.setReuseAddress(true);
            probe.bind(new InetSocketAddress(address.host(), address.port()));
        } catch (IOException inUse) {
            throw new ConfigError(config.source() + ": " + key + " " + address + " cannot be used: " + inUse.getMessage());
        }
    }
}
