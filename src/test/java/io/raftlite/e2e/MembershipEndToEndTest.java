package io.raftlite.e2e;

import org.junit.jupiter.api.Test;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The membership lifecycle with real processes: a fourth node started from a new config file joins
 * a running cluster under write load (through a snapshot: the others compact often) and ends with
 * identical data; a leader stopped with SIGTERM hands leadership over first; DELETE /remove takes
 * out a follower and then the leader, each removed process is downed and exits, and the smaller
 * cluster keeps taking writes.
 */
class MembershipEndToEndTest extends ProcessTest {
    private static final String COMPACT_OFTEN = "raft.snapshot-threshold = 20\n  raft.snapshot-trailing-entries = 5";

    private final List<String> names = Collections.synchronizedList(new ArrayList<>());

    @Test
    void joinUnderLoadHandOverOnShutdownAndRemoveFollowerThenLeader() throws Exception {
        NodeProcess.startThree(root, COMPACT_OFTEN, nodes);
        NodeProcess node1 = nodes.get(0);
        NodeProcess node2 = nodes.get(1);
        NodeProcess node3 = nodes.get(2);
        assertEquals(200, node1.post("/db/execute", Table.CREATE).statusCode());

        NodeProcess node4 = new NodeProcess(root, "node4").withSettings(COMPACT_OFTEN);
        node4.withSeeds(List.of(node1.raftPort, node2.raftPort, node3.raftPort));
        AtomicBoolean writing = new AtomicBoolean(true);
        Thread writer = new Thread(() -> writeUntilStopped(node1, writing));
        writer.start();
        try {
            Table.await(() -> names.size() >= 40, Duration.ofSeconds(60), () -> "writes are not getting through");
            nodes.add(node4);
            node4.start();
            node4.awaitReady();
            Table.await(() -> voters(node1) == 4, Duration.ofSeconds(120), () -> "node4 did not become a voter: " + nodesOf(node1));
            int before = names.size();
            Table.await(() -> names.size() >= before + 20, Duration.ofSeconds(60), () -> "writes stopped after the join");
        } finally {
            writing.set(false);
            writer.join();
        }
        Table.awaitIdentical(nodes, List.copyOf(names));
        assertTrue(node4.log().contains("installs snapshot"), "the log was compacted: node4 needed a snapshot\n" + node4.log());

        NodeProcess leader = Table.leader(nodes);
        assertEquals(0, leader.terminate(), "SIGTERM exits cleanly");
        assertTrue(leader.log().contains("handing leadership to"), "a leader shutting down hands over first:\n" + leader.log());
        List<NodeProcess> others = nodes.stream().filter(node -> node != leader).toList();
        write(Table.leader(others));
        leader.start();
        leader.awaitReady();
        Table.awaitIdentical(nodes, List.copyOf(names));

        NodeProcess follower = nodes.stream().filter(node -> !Table.isLeader(node)).findFirst().orElseThrow();
        NodeProcess asked = nodes.stream().filter(node -> node != follower && !Table.isLeader(node)).findFirst().orElseThrow();
        HttpResponse<String> removed = asked.delete("/remove", "{\"id\": \"" + follower.nodeId + "\"}");
        assertEquals(200, removed.statusCode(), "removing a follower, asked of another follower: " + removed.body());
        assertTrue(follower.awaitExit(Duration.ofSeconds(60)), "a removed node is downed and stops");
        nodes.remove(follower);
        assertEquals(404, asked.delete("/remove", "{\"id\": \"" + follower.nodeId + "\"}").statusCode(), "removing it again");
        assertEquals(3, voters(asked));
        write(Table.leader(nodes));
        Table.awaitIdentical(nodes, List.copyOf(names));

        NodeProcess oldLeader = Table.leader(nodes);
        HttpResponse<String> leaderRemoved = oldLeader.delete("/remove", "{\"id\": \"" + oldLeader.nodeId + "\"}");
        assertEquals(200, leaderRemoved.statusCode(), "removing the leader: " + leaderRemoved.body());
        assertTrue(oldLeader.awaitExit(Duration.ofSeconds(60)), "the removed leader is downed and stops");
        nodes.remove(oldLeader);
        NodeProcess newLeader = Table.leader(nodes);
        assertEquals(2, voters(newLeader));
        write(newLeader);
        Table.awaitIdentical(nodes, List.copyOf(names));
    }

    @Test
    void aNodeBackWithTheSameIdAtANewAddressIsTheSameMember() throws Exception {
        NodeProcess.startThree(root, "", nodes);
        assertEquals(200, nodes.get(0).post("/db/execute", Table.CREATE).statusCode());
        write(Table.leader(nodes));
        NodeProcess moved = nodes.stream().filter(node -> !Table.isLeader(node)).findFirst().orElseThrow();
        moved.kill();
        NodeProcess atNewAddress = new NodeProcess(root, moved.nodeId); // same data directory, new ports
        atNewAddress.withSeeds(nodes.stream().filter(node -> node != moved).map(node -> node.raftPort).toList());
        nodes.set(nodes.indexOf(moved), atNewAddress);
        atNewAddress.start();
        atNewAddress.awaitReady();
        write(Table.leader(nodes));
        Table.awaitIdentical(nodes, List.copyOf(names));

        String members = nodesOf(Table.leader(nodes));
        assertEquals(3, members.split("\"id\":", -1).length - 1, "replaced, not duplicated: " + members);
        assertTrue(members.contains("\"addr\":\"127.0.0.1:" + atNewAddress.raftPort + "\""), members);
        assertEquals(3, voters(Table.leader(nodes)));
        // Left as an unreachable Pekko member, the old system would stop the cluster's membership from converging.
        Table.await(() -> nodes.stream().anyMatch(node -> node.log().contains("is back at a new address; downing its old actor system")),
                Duration.ofSeconds(60), () -> "nobody downed " + moved.nodeId + "'s old actor system");
    }

    private void writeUntilStopped(NodeProcess via, AtomicBoolean writing) {
        while (writing.get()) {
            try {
                write(via);
            } catch (Exception | AssertionError failure) {
                throw new AssertionError("a write under load failed", failure);
            }
        }
    }

    private void write(NodeProcess via) throws Exception {
        synchronized (names) {
            String name = "row" + names.size();
            Table.insert(via, name, 10);
            names.add(name);
        }
    }

    private static int voters(NodeProcess node) {
        String members = nodesOf(node);
        return members.split("\"voter\":true", -1).length - 1;
    }

    private static String nodesOf(NodeProcess node) {
        try {
            return node.get("/nodes?ver=2&nonvoters").body();
        } catch (Exception unreachable) {
            return "(" + unreachable.getMessage() + ")";
        }
    }
}
