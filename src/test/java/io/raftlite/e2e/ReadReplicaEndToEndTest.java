package io.raftlite.e2e;

import org.junit.jupiter.api.Test;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A node with {@code raft.voter = false} is a read replica: it joins as a non-voter, gets every
 * write, serves level=none reads itself, forwards writes, is listed only with ?nonvoters, does not
 * count toward quorum, leaves the cluster on SIGTERM with leave-on-shutdown, and never campaigns when
 * the leader is gone.
 */
class ReadReplicaEndToEndTest extends ProcessTest {
    @Test
    void aReplicaReplicatesServesLocalReadsAndNeverVotes() throws Exception {
        NodeProcess voter = new NodeProcess(root, "voter");
        NodeProcess replica = new NodeProcess(root, "replica").withSettings("raft.voter = false\n  raft.leave-on-shutdown = true");
        nodes.addAll(List.of(voter, replica));
        replica.withSeeds(List.of(voter.raftPort));
        voter.start();
        voter.awaitReady();
        replica.start();
        replica.awaitReady();
        Table.await(() -> nodesOf(voter).contains("\"id\":\"replica\""), Duration.ofSeconds(60),
                () -> "the replica did not join: " + nodesOf(voter));
        String members = nodesOf(voter);
        assertTrue(members.matches("(?s).*\"id\":\"replica\"[^}]*\"voter\":false.*"), members);
        assertFalse(get(voter, "/nodes?ver=2").contains("\"replica\""), "without ?nonvoters only voters are listed");

        assertEquals(200, replica.post("/db/execute", Table.CREATE).statusCode(), "a write through the replica is forwarded");
        Table.insert(replica, "row0", 1);
        Table.awaitIdentical(nodes, List.of("row0"));
        assertTrue(get(replica, "/db/query?level=none&q=SELECT%20name%20FROM%20t").contains("\"values\":[[\"row0\"]]"));
        assertTrue(get(replica, "/db/query?level=linearizable&q=SELECT%20count(*)%20FROM%20t").contains("\"values\":[[1]]"),
                "a linearizable read through the replica is served via the leader");

        replica.kill();
        Table.insert(voter, "row1", 1); // quorum is the one voter: the replica does not count
        replica.start();
        replica.awaitReady();
        Table.awaitIdentical(nodes, List.of("row0", "row1"));

        Table.await(() -> nodesOf(replica).split("\"reachable\":true", -1).length == 3, Duration.ofSeconds(60),
                () -> "the restarted replica does not see both nodes: " + nodesOf(replica));
        assertEquals(0, replica.terminate(), "SIGTERM exits cleanly");
        Table.await(() -> !nodesOf(voter).contains("\"replica\""), Duration.ofSeconds(30),
                () -> "with leave-on-shutdown the replica should have removed itself: " + nodesOf(voter) + "\n" + replica.log()
                        + "\nvoter:\n" + voter.log());
        replica.start();
        replica.awaitReady();
        Table.await(() -> nodesOf(voter).contains("\"id\":\"replica\""), Duration.ofSeconds(60), () -> "the replica did not join again");

        voter.kill();
        Thread.sleep(3_000); // several election timeouts, to give a wrongly voting replica time to campaign
        String state = get(replica, "/status?key=store.raft.state");
        assertEquals("\"Follower\"", state, "a replica never campaigns");
    }

    private static String nodesOf(NodeProcess node) {
        return get(node, "/nodes?ver=2&nonvoters");
    }

    private static String get(NodeProcess node, String path) {
        try {
            HttpResponse<String> response = node.get(path);
            return response.body();
        } catch (Exception unreachable) {
            return "(" + unreachable.getMessage() + ")";
        }
    }
}
