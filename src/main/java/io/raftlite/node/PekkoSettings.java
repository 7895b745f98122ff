package io.raftlite.node;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigValueFactory;

import java.util.ArrayList;
import java.util.List;

/** The pekko { } settings a node runs with, derived from its raftlite { } keys (DESIGN §7). */
final class PekkoSettings {
    static final String SYSTEM_NAME = "raftlite";
    private static final String DEFAULT_DISPATCHER = "pekko.actor.default-dispatcher";

    private PekkoSettings() {
    }

    static Config from(NodeConfig node, java.util.Optional<PeersFile> recovery) {
        List<String> seeds = new ArrayList<>();
        if (recovery.isPresent()) {
            // Quorum-loss recovery: the survivors alone, in the same order on each, form the Pekko cluster.
            recovery.get().addresses().forEach(survivor -> seeds.add(address(survivor)));
            return settings(node, seeds);
        }
        if (node.bootstrapExpect() > 0) {
            // Nodes bootstrapping together list the same seeds in the same order, themselves included:
            // the first of them forms the Pekko cluster and the others join it.
            java.util.TreeSet<String> together = new java.util.TreeSet<>();
            together.add(address(node.raftAddress()));
            node.seedNodes().forEach(seed -> together.add(address(seed)));
            seeds.addAll(together);
        } else if (node.seedNodes().isEmpty()) {
            // A node that may create a cluster lists itself first: it forms the Pekko cluster alone only
            // if none of the others it knows of answers within the seed-node timeout.
            seeds.add(address(node.raftAddress()));
        }
        node.seedNodes().forEach(seed -> {
            if (!seeds.contains(address(seed))) {
                seeds.add(address(seed));
            }
        });
        for (String known : io.raftlite.cluster.KnownMembers.read(knownMembersFile(node))) {
            String knownAddress = "pekko://" + SYSTEM_NAME + "@" + known;
            if (!seeds.contains(knownAddress) && !known.equals(node.raftAddress().toString())) {
                seeds.add(knownAddress);
            }
        }
        return settings(node, seeds);
    }

    private static Config settings(NodeConfig node, List<String> seeds) {
        return ConfigFactory.empty()
                .withValue("pekko.actor.provider", ConfigValueFactory.fromAnyRef("cluster"))
                .withValue("pekko.remote.artery.canonical.hostname", ConfigValueFactory.fromAnyRef(node.raftAddress().host()))
                .withValue("pekko.remote.artery.canonical.port", ConfigValueFactory.fromAnyRef(node.raftAddress().port()))
                .withValue("pekko.cluster.seed-nodes", ConfigValueFactory.fromIterable(seeds))
                // Raft decides who is in the cluster: Pekko must never down a healthy node on its own.
                .withValue("pekko.cluster.downing-provider-class", ConfigValueFactory.fromAnyRef(""))
                .withValue("pekko.cluster.allow-weakly-up-members", ConfigValueFactory.fromAnyRef("7s"))
                // A node restarted at the same address is refused until its old incarnation is removed,
                // and retries after this (Pekko's default: 10 s). Measured rejoin of a killed follower,
                // from relaunch to following the leader: 18.4 s with the defaults, 9.1 s with these two.
                .withValue("pekko.cluster.retry-unsuccessful-join-after", ConfigValueFactory.fromAnyRef("2s"))
                // How soon the others learn the new incarnation's Raft actor (default 2 s).
                .withValue("pekko.cluster.typed.receptionist.distributed-data.gossip-interval", ConfigValueFactory.fromAnyRef("500ms"))
                .withValue("pekko.persistence.journal.plugin", ConfigValueFactory.fromAnyRef("raftlite-persistence.journal"))
                .withValue("pekko.persistence.snapshot-store.plugin", ConfigValueFactory.fromAnyRef("raftlite-persistence.snapshot-store"))
                .withValue("raftlite-persistence.journal.path", ConfigValueFactory.fromAnyRef(node.dataDir().resolve("raft.db").toString()))
                .withValue("raftlite-persistence.snapshot-store.dir", ConfigValueFactory.fromAnyRef(node.dataDir().resolve("snapshots").toString()))
                .withValue("pekko.http.server.parsing.max-content-length", ConfigValueFactory.fromAnyRef(node.maxBodySize()))
                // One dispatcher thread per core (Pekko's default is at least 8): nothing blocks on this
                // dispatcher, so more threads than cores only add futex wake-ups and context switches.
                // Measured 2026-12-07 (three nodes on 2 cores, 16 clients of point reads on the leader, four
                // interleaved runs each, with the readers also at one thread per core): 9553-12078 req/s
                // against 5668-8786 with the defaults; 64 clients of inserts unchanged. Set here because a
                // key in our reference.conf loses to Pekko's in the jar's merged reference.conf.
                .withValue("pekko.actor.default-dispatcher.fork-join-executor.parallelism-min", ConfigValueFactory.fromAnyRef(2))
                .withValue("pekko.actor.default-dispatcher.fork-join-executor.parallelism-factor", ConfigValueFactory.fromAnyRef(1.0))
                // Artery's latency is most of a write's: every hand-off between threads is a futex wake-up,
                // and this VM makes those costly. One inbound lane drops an asynchronous boundary
                // (Pekko's docs: lowest latency), and running the ordinary message stream and the TCP
                // connection actors on the default dispatcher (nothing there blocks) keeps a message on
                // the threads already awake for it, instead of crossing the remote and internal pools.
                // Measured 2026-12-08, two JVMs on loopback, actor ping-pong with 1 ms between pings:
                // 650-900 us a round trip with Pekko's defaults, 370-510 us with these (and the control
                // stream moved too, which ping-pong traffic does not use). Here the control stream
                // (cluster heartbeats) stays on the internal dispatcher, away from client load.
                .withValue("pekko.remote.artery.advanced.inbound-lanes", ConfigValueFactory.fromAnyRef(1))
                .withValue("pekko.remote.artery.advanced.use-dispatcher", ConfigValueFactory.fromAnyRef(DEFAULT_DISPATCHER))
                .withValue("pekko.io.tcp.worker-dispatcher", ConfigValueFactory.fromAnyRef(DEFAULT_DISPATCHER))
                .withValue("pekko.io.tcp.management-dispatcher", ConfigValueFactory.fromAnyRef(DEFAULT_DISPATCHER))
                .withValue("pekko.coordinated-shutdown.exit-jvm", ConfigValueFactory.fromAnyRef("on"))
                // Room for handing leadership over (5 s) and leaving the cluster (10 s) before unbinding.
                .withValue("pekko.coordinated-shutdown.phases.before-service-unbind.timeout", ConfigValueFactory.fromAnyRef("25s"))
                .withFallback(ConfigFactory.load());
    }

    static java.nio.file.Path knownMembersFile(NodeConfig node) {
        return node.dataDir().resolve("known-members");
    }

    private static String address(HostPort hostPort) {
        return "pekko://" + SYSTEM_NAME + "@" + hostPort.host() + ":" + hostPort.port();
    }
}
