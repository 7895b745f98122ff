package io.raftlite.raft.actor;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import io.raftlite.raft.RoleKind;
import io.raftlite.raft.message.ClusterConfiguration;
import io.raftlite.raft.message.NodeId;
import io.raftlite.raft.storage.RaftStorage;
import io.raftlite.testing.FreePorts;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.ActorRef;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Three actor systems on loopback form a Pekko Cluster from seed-node configuration and run Raft
 * over real Artery remoting with every message serialized: they elect a leader, replicate
 * proposals, and carry on after the leader's actor system is terminated.
 */
class RaftClusterArteryTest {
    private static final Duration PATIENCE = Duration.ofSeconds(30);

    private record Node(NodeId id, ActorTestKit kit, ActorRef<RaftActor.Command> raft, InMemoryStateMachine stateMachine) {
    }

    private final Map<NodeId, Node> nodes = new LinkedHashMap<>();

    @AfterEach
    void stopEverything() {
        nodes.values().forEach(node -> node.kit().shutdownTestKit());
    }

    @Test
    void replicatesOverArteryAndSurvivesTheLeadersSystemStopping() throws IOException {
        ClusterConfiguration configuration = ClusterConfiguration.of("n1", "n2", "n3");
        List<Integer> ports = FreePorts.of(3);
        for (int i = 0; i < 3; i++) {
            start(NodeId.of("n" + (i + 1)), configuration, ports.get(i), ports);
        }

        Node leader = awaitLeader(nodes.values().stream().toList(), 0);
        List<String> written = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            written.add(proposeCommitted(leader, "first-" + i));
        }
        awaitCommandsEverywhere(nodes.values().stream().toList(), written);

        long oldTerm = status(leader).term();
        leader.kit().shutdownTestKit();
        nodes.remove(leader.id());
        List<Node> survivors = nodes.values().stream().toList();
        Node newLeader = awaitLeader(survivors, oldTerm);
        assertNotEquals(leader.id(), newLeader.id());
        for (int i = 0; i < 10; i++) {
            written.add(proposeCommitted(newLeader, "second-" + i));
        }
        awaitCommandsEverywhere(survivors, written);
    }

    @Test
    void aNewMemberCatchesUpThroughASnapshotStreamedInChunks(@TempDir Path snapshots) throws IOException {
        ClusterConfiguration configuration = ClusterConfiguration.of("n1", "n2", "n3");
        List<Integer> ports = FreePorts.of(4);
        for (int i = 0; i < 3; i++) {
            NodeId id = NodeId.of("n" + (i + 1));
            start(id, configuration, ports.get(i), ports.subList(0, 3), compactingOften(snapshots.resolve(id.value())));
        }
        Node leader = awaitLeader(nodes.values().stream().toList(), 0);
        List<String> written = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            written.add(proposeCommitted(leader, "before-" + i));
        }
        awaitCommandsEverywhere(nodes.values().stream().toList(), written);

        NodeId added = NodeId.of("n4");
        start(added, ClusterConfiguration.EMPTY, ports.get(3), ports.subList(0, 3), compactingOften(snapshots.resolve("n4")));
        TestProbe<RaftActor.ProposeReply> change = leader.kit().createTestProbe();
        leader.raft().tell(new RaftActor.ProposeConfiguration(configuration.withLearner(added), change.getRef()));
        assertInstanceOf(RaftActor.Committed.class, change.receiveMessage(PATIENCE));
        for (int i = 0; i < 5; i++) {
            written.add(proposeCommitted(leader, "after-" + i));
        }

        awaitCommandsEverywhere(nodes.values().stream().toList(), written);
        assertTrue(nodes.get(added).stateMachine().restores() > 0, "the new member was not brought up by a snapshot");
    }

    /**
     * Compacts once the log holds a few hundred bytes (by size: the entry-count threshold is out of
     * reach) and sends snapshots in tiny chunks, so one transfer takes many. It asks to keep the
     * default 1024 trailing entries, more than the test writes: only their size bound (a quarter of
     * the 300 bytes) lets the log be compacted at all.
     */
    private static RaftActorSettings compactingOften(Path directory) {
        return RaftActorSettings.defaults().withSnapshots(new SnapshotSettings(directory, Long.MAX_VALUE, 300,
                SnapshotSettings.DEFAULT_TRAILING_ENTRIES, 100,
                Duration.ofSeconds(1), 10));
    }

    private void start(NodeId id, ClusterConfiguration configuration, int port, List<Integer> allPorts) {
        start(id, configuration, port, allPorts, RaftActorSettings.defaults());
    }

    private void start(NodeId id, ClusterConfiguration configuration, int port, List<Integer> allPorts, RaftActorSettings settings) {
        String seeds = allPorts.stream().map(p -> "\"pekko://raftlite@127.0.0.1:" + p + "\"").collect(Collectors.joining(","));
        Config config = ConfigFactory.parseString("""
                pekko.actor.provider = cluster
                pekko.actor.serialize-messages = on
                pekko.remote.artery.canonical.hostname = 127.0.0.1
                pekko.remote.artery.canonical.port = %d
                pekko.cluster.seed-nodes = [%s]
                pekko.cluster.jmx.multi-mbeans-in-same-jvm = on
                pekko.persistence.journal.plugin = "pekko.persistence.journal.inmem"
                """.formatted(port, seeds)).withFallback(ConfigFactory.load());
        ActorTestKit kit = ActorTestKit.create("raftlite", config);
        InMemoryStateMachine stateMachine = new InMemoryStateMachine();
        var storage = kit.spawn(RaftStorage.create(id, ""), "raft-storage");
        var applier = kit.spawn(StateMachineApplier.create(stateMachine), "applier");
        var raft = kit.spawn(RaftActor.create(id, configuration, settings, storage, applier,
                new Random()), PeerDiscovery.actorName(id));
        kit.spawn(PeerDiscovery.create(id, raft, () -> io.raftlite.cluster.MemberAge.newestFirst(kit.system())), "peer-discovery");
        nodes.put(id, new Node(id, kit, raft, stateMachine));
    }

    private Node awaitLeader(List<Node> candidates, long afterTerm) {
        long deadline = System.nanoTime() + PATIENCE.toNanos();
        while (System.nanoTime() < deadline) {
            Optional<Node> leader = candidates.stream()
                    .filter(node -> {
                        RaftActor.Status status = status(node);
                        return status.role() == RoleKind.LEADER && status.term() > afterTerm;
                    })
                    .findFirst();
            if (leader.isPresent()) {
                return leader.get();
            }
            pause();
        }
        throw new AssertionError("no leader elected after term " + afterTerm + " within " + PATIENCE);
    }

    private String proposeCommitted(Node leader, String command) {
        TestProbe<RaftActor.ProposeReply> probe = leader.kit().createTestProbe();
        leader.raft().tell(new RaftActor.Propose(command.getBytes(StandardCharsets.UTF_8), probe.getRef()));
        RaftActor.ProposeReply reply = probe.receiveMessage(PATIENCE);
        RaftActor.Committed committed = assertInstanceOf(RaftActor.Committed.class, reply);
        assertEquals(command, committed.result());
        return command;
    }

    private void awaitCommandsEverywhere(List<Node> which, List<String> expected) {
        long deadline = System.nanoTime() + PATIENCE.toNanos();
        while (!which.stream().allMatch(node -> node.stateMachine().commands().equals(expected))) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("state machines did not converge on " + expected.size() + " commands: "
                        + which.stream().map(node -> node.id() + "=" + node.stateMachine().commands()).toList());
            }
            pause();
        }
        which.forEach(node -> assertTrue(node.stateMachine().commands().equals(expected)));
    }

    private static RaftActor.Status status(Node node) {
        TestProbe<RaftActor.Status> probe = node.kit().createTestProbe();
        node.raft().tell(new RaftActor.GetStatus(probe.getRef()));
        return probe.receiveMessage(PATIENCE);
    }

    private static void pause() {
        try {
            Thread.sleep(100); // polling with a deadline, not a timing assertion
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", interrupted);
        }
    }
}
