package io.raftlite.e2e;

import org.junit.jupiter.api.Test;
import org.sqlite.SQLiteConfig;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Three real node processes form a cluster from their config files: the first creates it, the
 * others join through seed nodes. Writes through a follower reach every node's db.sqlite
 * identically (RANDOM() and datetime('now') included); after kill -9 of the leader the survivors
 * elect a new one and keep every acknowledged write; the killed node restarts and catches up.
 */
class ClusterEndToEndTest extends ProcessTest {
    @Test
    void formsReplicatesSurvivesLeaderKillAndCatchesUp() throws Exception {
        NodeProcess node1 = new NodeProcess(root, "node1");
        NodeProcess node2 = new NodeProcess(root, "node2");
        NodeProcess node3 = new NodeProcess(root, "node3");
        nodes.addAll(List.of(node1, node2, node3));
        node2.withSeeds(List.of(node1.raftPort, node3.raftPort));
        node3.withSeeds(List.of(node1.raftPort, node2.raftPort));
        node1.start();
        node2.start();
        node3.start();
        for (NodeProcess node : nodes) {
            node.awaitReady();
        }

        NodeProcess follower = nodes.stream().filter(node -> !isLeader(node)).findFirst().orElseThrow();
        assertEquals(200, follower.post("/db/execute", "[\"CREATE TABLE foo (id INTEGER PRIMARY KEY, name TEXT, r INTEGER, t TEXT)\"]").statusCode());
        List<String> acknowledged = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            HttpResponse<String> written = follower.post("/db/execute",
                    "[[\"INSERT INTO foo(name, r, t) VALUES(?, RANDOM(), datetime('now'))\", \"row" + i + "\"]]");
            assertEquals("{\"results\":[{\"last_insert_id\":" + (i + 1) + ",\"rows_affected\":1}]}", written.body(),
                    "a write through a follower is forwarded to the leader");
            acknowledged.add("row" + i);
        }
        HttpResponse<String> redirected = follower.post("/db/execute?redirect", "[\"SELECT 1\"]");
        assertEquals(301, redirected.statusCode());
        NodeProcess leader = nodes.stream().filter(ClusterEndToEndTest::isLeader).findFirst().orElseThrow();
        assertEquals("http://127.0.0.1:" + leader.httpPort + "/db/execute?redirect", redirected.headers().firstValue("Location").orElseThrow());
        awaitIdenticalFiles(nodes, acknowledged.size());
        assertEquals("{\"results\":[],\"error\":\"stale read\"}",
                follower.get("/db/query?level=none&freshness=1ns&q=SELECT%201").body(), "no follower hears a leader within 1ns");
        assertTrue(follower.get("/db/query?level=none&freshness=30s&q=SELECT%20count(*)%20AS%20n%20FROM%20foo").body()
                .contains("\"values\":[[5]]"), "a follower that heard its leader recently serves the read locally");
        String members = follower.get("/nodes?ver=2").body();
        assertEquals(3, members.split("\"reachable\":true", -1).length - 1, members);
        assertEquals(1, members.split("\"leader\":true", -1).length - 1, members);

        leader.kill();
        List<NodeProcess> survivors = nodes.stream().filter(node -> node != leader).toList();
        awaitUntil(() -> survivors.stream().anyMatch(ClusterEndToEndTest::isLeader), Duration.ofSeconds(60), () -> "no new leader after kill -9");
        for (int i = 5; i < 8; i++) {
            HttpResponse<String> written = survivors.get(0).post("/db/execute", "[[\"INSERT INTO foo(name) VALUES(?)\", \"row" + i + "\"]]");
            assertEquals(200, written.statusCode(), written.body());
            assertTrue(written.body().contains("\"rows_affected\":1"), written.body());
            acknowledged.add("row" + i);
        }
        awaitIdenticalFiles(survivors, acknowledged.size());
        assertEquals(acknowledged, names(survivors.get(0)), "every acknowledged write is on the survivors");

        leader.start();
        leader.awaitReady();
        awaitIdenticalFiles(nodes, acknowledged.size());
        assertEquals(acknowledged, names(leader), "the restarted node caught up");

        HttpResponse<String> handedOver = survivors.get(0).post("/leader?wait", "{\"id\": \"" + leader.nodeId + "\"}");
        assertEquals(200, handedOver.statusCode(), "POST /leader, forwarded to the leader: " + handedOver.body());
        assertTrue(isLeader(leader), "leadership was handed to the restarted node");
        assertEquals(200, leader.post("/db/execute", "[[\"INSERT INTO foo(name) VALUES(?)\", \"row8\"]]").statusCode());
        acknowledged.add("row8");
        awaitIdenticalFiles(nodes, acknowledged.size());
    }

    private static boolean isLeader(NodeProcess node) {
        try {
            return node.isAlive() && node.get("/status?key=store.raft.state").body().equals("\"Leader\"");
        } catch (Exception unreachable) {
            return false;
        }
    }

    /** Waits until every node's db.sqlite holds {@code rows} rows of foo, byte-for-byte the same. */
    private static void awaitIdenticalFiles(List<NodeProcess> which, int rows) throws Exception {
        awaitUntil(() -> {
            List<List<String>> contents = which.stream().map(ClusterEndToEndTest::dump).toList();
            return contents.get(0).size() == rows && contents.stream().allMatch(contents.get(0)::equals);
        }, Duration.ofSeconds(90), () -> "db.sqlite files did not converge on " + rows + " rows: "
                + which.stream().map(node -> node.nodeId + "=" + dump(node)).toList());
    }

    private static List<String> names(NodeProcess node) {
        return dump(node).stream().map(row -> row.split("\\|")[1]).toList();
    }

    /** All of foo, through a separate read-only connection, as sqlite3 -readonly would show it. */
    private static List<String> dump(NodeProcess node) {
        SQLiteConfig config = new SQLiteConfig();
        config.setReadOnly(true);
        List<String> rows = new ArrayList<>();
        try (var connection = config.createConnection("jdbc:sqlite:" + node.dataDir.resolve("db.sqlite"));
             var result = connection.createStatement().executeQuery("SELECT id, name, r, t FROM foo ORDER BY id")) {
            while (result.next()) {
                rows.add(result.getLong(1) + "|" + result.getString(2) + "|" + result.getString(3) + "|" + result.getString(4));
            }
        } catch (Exception notYet) {
            return List.of("(" + notYet.getMessage() + ")");
        }
        return rows;
    }

    private static void awaitUntil(BooleanSupplier condition, Duration patience, java.util.function.Supplier<String> failure)
            throws InterruptedException {
        long deadline = System.nanoTime() + patience.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError(failure.get());
            }
            Thread.sleep(200);
        }
    }
}
