package io.raftlite.e2e;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Three fresh nodes configured with bootstrap-expect = 3 create one cluster together. */
class BootstrapExpectEndToEndTest extends ProcessTest {
    @Test
    void freshNodesBootstrapOneClusterTogether() throws Exception {
        for (String id : List.of("a", "b", "c")) {
            nodes.add(new NodeProcess(root, id));
        }
        for (NodeProcess node : nodes) {
            node.withSeeds(nodes.stream().filter(other -> other != node).map(other -> other.raftPort).toList(), 3).start();
        }
        for (NodeProcess node : nodes) {
            node.awaitReady();
        }

        List<String> leaders = new ArrayList<>();
        for (NodeProcess node : nodes) {
            String state = node.get("/status?key=store.raft.state").body();
            if (state.equals("\"Leader\"")) {
                leaders.add(node.nodeId);
            }
        }
        assertEquals(1, leaders.size(), "one cluster, one leader: " + leaders);
        String members = nodes.get(0).get("/nodes?ver=2").body();
        assertEquals(3, members.split("\"voter\":true", -1).length - 1, "three voters: " + members);
        assertEquals(200, nodes.get(2).post("/db/execute", "[\"CREATE TABLE t (x)\", \"INSERT INTO t VALUES (7)\"]").statusCode());
        for (NodeProcess node : nodes) {
            long deadline = System.nanoTime() + 30_000_000_000L;
            String body = "";
            while (System.nanoTime() < deadline && !(body = node.get("/db/query?level=none&q=SELECT%20x%20FROM%20t").body()).contains("[[7]]")) {
                Thread.sleep(100);
            }
            assertTrue(body.contains("[[7]]"), node.nodeId + " has not got the row: " + body);
        }
    }
}
