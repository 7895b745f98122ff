package io.raftlite.e2e;

import org.junit.jupiter.api.Test;

import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The fault-control hooks on real node processes: a leader isolated through /admin/faults/network
 * commits nothing while the others elect a new leader; a node whose fsync fails exits and recovers
 * when restarted; a power cut (unsynced database writes discarded, then a halt) loses no
 * acknowledged write, with compaction running all along; and the event log records it all.
 */
class FaultControlEndToEndTest extends ProcessTest {
    private static final String HOOKS = "fault-control = true\n  raft.event-log = true";
    private final List<String> names = new ArrayList<>();

    @Test
    void anIsolatedLeaderCommitsNothingWhileTheMajorityElectsAnother() throws Exception {
        NodeProcess.startThree(root, HOOKS, nodes);
        Table.awaitVoters(nodes, 3); // else the two others may not be voters yet, and could never elect
        NodeProcess isolated = Table.leader(nodes);
        assertEquals(200, isolated.post("/db/execute", Table.CREATE).statusCode());
        insert(isolated, "before");
        List<NodeProcess> majority = nodes.stream().filter(node -> node != isolated).toList();

        blackhole(isolated, majority.stream().map(node -> node.nodeId).toList());
        for (NodeProcess node : majority) {
            blackhole(node, List.of(isolated.nodeId));
        }
        HttpResponse<String> cutOff = isolated.post("/db/execute?timeout=2s",
                "[[\"INSERT INTO t(name) VALUES(?)\", \"never acknowledged\"]]");
        assertFalse(cutOff.statusCode() == 200 && cutOff.body().contains("rows_affected"),
                "a leader cut off from every peer acknowledged a write: " + cutOff.statusCode() + " " + cutOff.body());
        NodeProcess successor = Table.leader(majority);
        insert(successor, "during");
        HttpResponse<String> viaIsolated = isolated.get("/db/query?level=linearizable&q=SELECT%20count(*)%20FROM%20t&timeout=2s");
        assertFalse(viaIsolated.statusCode() == 200 && viaIsolated.body().contains("values"),
                "the isolated node served a linearizable read: " + viaIsolated.body());

        for (NodeProcess node : nodes) {
            HttpResponse<String> healed = put(node, "/admin/faults/network", "{\"rules\":[]}");
            assertEquals(200, healed.statusCode(), healed.body());
        }
        insert(Table.leader(nodes), "after");
        Table.awaitIdentical(nodes, names);

        List<String> events = Files.readAllLines(isolated.dataDir.resolve("raft-events.jsonl"));
        assertTrue(events.stream().anyMatch(line -> line.contains("\"event\":\"role\"") && line.contains("\"role\":\"leader\"")),
                "the first leader's event log records its leadership");
        List<String> successorEvents = Files.readAllLines(successor.dataDir.resolve("raft-events.jsonl"));
        assertTrue(successorEvents.stream().anyMatch(line -> line.contains("\"role\":\"leader\"")), String.join("\n", successorEvents));
        assertTrue(successorEvents.stream().anyMatch(line -> line.contains("\"event\":\"applied\"") && line.contains("\"digest\"")));
    }

    @Test
    void aFailedFsyncStopsTheNodeAndAPowerCutLosesNothingAcknowledged() throws Exception {
        NodeProcess.startThree(root, HOOKS + "\n  raft.snapshot-threshold = 20\n  raft.snapshot-trailing-entries = 5", nodes);
        Table.awaitVoters(nodes, 3);
        NodeProcess leader = Table.leader(nodes);
        assertEquals(200, leader.post("/db/execute", Table.CREATE).statusCode());
        NodeProcess follower = nodes.stream().filter(node -> node != leader).findFirst().orElseThrow();

        assertEquals(200, follower.post("/admin/faults/fsync", "{\"fail_next\":1}").statusCode());
        for (int i = 0; i < 5; i++) {
            insert(leader, "row " + i); // the leader and the other follower make a majority
        }
        assertTrue(follower.awaitExit(Duration.ofSeconds(60)), "a node whose Raft log write failed must exit");
        assertTrue(follower.log().contains("storage failure"), follower.log());
        follower.start();
        follower.awaitReady();
        Table.awaitIdentical(nodes, names);

        for (int i = 5; i < 60; i++) {
            insert(leader, "row " + i); // several compactions on every node
        }
        assertEquals(202, leader.post("/admin/crash", "{\"power_loss\":true}").statusCode());
        assertTrue(leader.awaitExit(Duration.ofSeconds(30)), "the power cut halts the node");
        String cutLog = leader.log(); // the restart starts a new log
        assertTrue(cutLog.matches("(?s).*power cut; [1-9]\\d* unsynced WAL frames of db.sqlite discarded.*"),
                "the cut should have discarded the writes since the last compaction:\n" + cutLog);
        NodeProcess successor = Table.leader(nodes.stream().filter(node -> node != leader).toList());
        insert(successor, "after the cut");
        leader.start();
        leader.awaitReady();
        Table.awaitIdentical(nodes, names);
    }

    @Test
    void badFaultRequestsAreRefusedWithAReason() throws Exception {
        NodeProcess node = new NodeProcess(root, "solo").withSettings(HOOKS);
        nodes.add(node);
        node.start();
        node.awaitReady();
        HttpResponse<String> unknownField = put(node, "/admin/faults/network", "{\"rules\":[{\"peer\":\"x\",\"loss\":1}]}");
        assertEquals(400, unknownField.statusCode());
        assertTrue(unknownField.body().contains("unknown field 'loss'"), unknownField.body());
        assertEquals(400, put(node, "/admin/faults/network", "{\"rules\":[{\"peer\":\"x\",\"drop\":2}]}").statusCode());
        assertEquals(400, node.post("/admin/crash", "{\"power_loss\":\"yes\"}").statusCode());
        assertEquals(400, node.post("/admin/faults/fsync", "{\"fail_next\":-1}").statusCode());
        HttpResponse<String> set = put(node, "/admin/faults/network",
                "{\"rules\":[{\"peer\":\"x\",\"direction\":\"in\",\"drop\":0.25,\"delay_ms\":[5,10]}]}");
        assertEquals(200, set.statusCode(), set.body());
        assertEquals(set.body(), node.get("/admin/faults/network").body());
        assertTrue(set.body().contains("\"direction\":\"in\"") && set.body().contains("\"drop\":0.25"), set.body());
    }

    @Test
    void withoutFaultControlThereIsNoAdminEndpoint() throws Exception {
        NodeProcess node = new NodeProcess(root, "plain");
        nodes.add(node);
        node.start();
        node.awaitReady();
        assertEquals(404, node.get("/admin/faults/network").statusCode());
        assertEquals(404, node.post("/admin/crash", "{\"power_loss\":false}").statusCode());
        assertTrue(node.isAlive());
        assertFalse(Files.exists(node.dataDir.resolve("raft-events.jsonl")), "the event log is off by default");
    }

    private void insert(NodeProcess via, String name) throws Exception {
        Table.insert(via, name, 0);
        names.add(name);
    }

    private static void blackhole(NodeProcess node, List<String> peers) throws Exception {
        String rules = String.join(",", peers.stream()
                .map(peer -> "{\"peer\":\"" + peer + "\",\"direction\":\"both\",\"blackhole\":true}").toList());
        HttpResponse<String> set = put(node, "/admin/faults/network", "{\"rules\":[" + rules + "]}");
        assertEquals(200, set.statusCode(), set.body());
        assertNotEquals("", set.body());
    }

    private static HttpResponse<String> put(NodeProcess node, String path, String json) throws Exception {
        return java.net.http.HttpClient.newHttpClient().send(java.net.http.HttpRequest.newBuilder(
                        java.net.URI.create("http://127.0.0.1:" + node.httpPort + path)).timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/json").PUT(java.net.http.HttpRequest.BodyPublishers.ofString(json)).build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
