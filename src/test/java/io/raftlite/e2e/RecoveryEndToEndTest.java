package io.raftlite.e2e;

import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Quorum-loss recovery with real processes: two of three nodes are lost for good, the survivor
 * stops serving writes; the operator stops it, leaves a peers.json naming it alone and starts it:
 * it leads a one-node cluster with every row it had, takes writes, and does not apply the file again.
 */
class RecoveryEndToEndTest extends ProcessTest {
    @Test
    void theSurvivorOfALostMajorityIsRestartedAsAOneNodeCluster() throws Exception {
        NodeProcess.startThree(root, "", nodes);
        NodeProcess leader = Table.leader(nodes);
        assertEquals(200, leader.post("/db/execute", Table.CREATE).statusCode());
        List<String> names = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            names.add("row" + i);
            Table.insert(leader, names.get(i), 1);
        }
        Table.awaitIdentical(nodes, names);

        NodeProcess survivor = nodes.stream().filter(node -> node != leader).findFirst().orElseThrow();
        for (NodeProcess lost : nodes) {
            if (lost != survivor) {
                lost.kill();
            }
        }
        Table.await(() -> readyzStatus(survivor) == 503, Duration.ofSeconds(60), () -> "the survivor still claims a leader");

        survivor.kill();
        Files.writeString(survivor.dataDir.resolve("peers.json"),
                "[{\"id\": \"" + survivor.nodeId + "\", \"address\": \"127.0.0.1:" + survivor.raftPort + "\", \"non_voter\": false}]");
        survivor.start();
        survivor.awaitReady();
        assertTrue(Table.isLeader(survivor), "the survivor leads the recovered cluster");
        assertTrue(survivor.log().contains("QUORUM-LOSS RECOVERY"), survivor.log());
        assertEquals(names, Table.dump(survivor).stream().map(row -> row.split("\\|")[1]).toList(), "nothing it had is lost");
        names.add("row5");
        Table.insert(survivor, "row5", 1);
        assertFalse(Files.exists(survivor.dataDir.resolve("peers.json")));
        assertTrue(Files.exists(survivor.dataDir.resolve("peers.json.applied")));

        survivor.kill();
        survivor.start();
        survivor.awaitReady();
        assertFalse(survivor.log().contains("QUORUM-LOSS RECOVERY"), "applied once only");
        names.add("row6");
        Table.insert(survivor, "row6", 1);
        assertEquals(names, Table.dump(survivor).stream().map(row -> row.split("\\|")[1]).toList());
    }

    private static int readyzStatus(NodeProcess node) {
        try {
            return node.get("/readyz").statusCode();
        } catch (Exception unreachable) {
            return -1;
        }
    }
}
