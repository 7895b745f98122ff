package io.raftlite.e2e;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sqlite.SQLiteConfig;

import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Log compaction and InstallSnapshot with real node processes: nodes compact every few dozen
 * entries; a node that was down while a database of more than 10 MB was written catches up through
 * a snapshot streamed in chunks; a node killed in the middle of receiving one loses nothing and
 * catches up after restarting; a leader restarted after several compactions still has every row.
 */
class SnapshotEndToEndTest {
    private static final String COMPACT_OFTEN = "raft.snapshot-threshold = 20\n  raft.snapshot-trailing-entries = 5";
    private static final int BLOB_BYTES = 100_000;

    @TempDir
    Path root;
    private final List<NodeProcess> nodes = new ArrayList<>();
    private int rows;

    @AfterEach
    void stopEverything() {
        nodes.forEach(NodeProcess::close);
    }

    @Test
    void laggingNodesCatchUpBySnapshotAndRestartsKeepEverything() throws Exception {
        NodeProcess node1 = new NodeProcess(root, "node1").withSettings(COMPACT_OFTEN);
        NodeProcess node2 = new NodeProcess(root, "node2").withSettings(COMPACT_OFTEN);
        NodeProcess node3 = new NodeProcess(root, "node3").withSettings(COMPACT_OFTEN);
        nodes.addAll(List.of(node1, node2, node3));
        node2.withSeeds(List.of(node1.raftPort, node3.raftPort));
        node3.withSeeds(List.of(node1.raftPort, node2.raftPort));
        for (NodeProcess node : nodes) {
            node.start();
        }
        for (NodeProcess node : nodes) {
            node.awaitReady();
        }
        NodeProcess leader = leader();
        assertEquals(200, leader.post("/db/execute", "[\"CREATE TABLE t (id INTEGER PRIMARY KEY, name TEXT, b BLOB)\"]").statusCode());

        NodeProcess away = nodes.stream().filter(node -> node != leader).findFirst().orElseThrow();
        away.kill();
        writeRows(leader, 110); // 11 MB, more than five times the threshold in entries
        assertTrue(Files.size(leader.dataDir.resolve("db.sqlite")) > 10_000_000, "the database should exceed 10 MB");
        away.start();
        away.awaitReady();
        awaitIdenticalDatabases(nodes);
        assertTrue(away.log().contains("installs snapshot"), "the node that was away did not catch up by snapshot:\n" + away.log());

        killDuringASnapshotTransfer(leader, away);
        awaitIdenticalDatabases(nodes);

        HttpResponse<String> compacted = leader.post("/snapshot", "");
        assertTrue(compacted.statusCode() == 200 || compacted.statusCode() == 204, "POST /snapshot: " + compacted.statusCode());
        leader.kill();
        leader.start();
        leader.awaitReady();
        writeRows(leader(), 3);
        awaitIdenticalDatabases(nodes);
        assertEquals(rows, dump(leader).size(), "a leader restarted after compactions has every row");
    }

    /**
     * Kills {@code away} while it is receiving a snapshot (a partial file exists), restarts it, and
     * returns once it runs again. Retries until a transfer was caught in progress.
     */
    private void killDuringASnapshotTransfer(NodeProcess leader, NodeProcess away) throws Exception {
        for (int attempt = 1; attempt <= 5; attempt++) {
            away.kill();
            writeRows(leader(), 30);
            away.start();
            boolean caught = awaitQuietly(() -> hasPartialSnapshot(away), Duration.ofSeconds(60));
            away.kill();
            away.start();
            away.awaitReady();
            if (caught) {
                return;
            }
        }
        throw new AssertionError("never caught a snapshot transfer in progress in five attempts");
    }

    private static boolean hasPartialSnapshot(NodeProcess node) {
        try (Stream<Path> files = Files.list(node.dataDir.resolve("raft-snapshots"))) {
            return files.anyMatch(file -> file.getFileName().toString().endsWith(".part"));
        } catch (Exception notYet) {
            return false;
        }
    }

    private void writeRows(NodeProcess leader, int count) throws Exception {
        for (int i = 0; i < count; i++) {
            rows++;
            HttpResponse<String> written = leader.post("/db/execute",
                    "[[\"INSERT INTO t(name, b) VALUES(?, zeroblob(" + BLOB_BYTES + "))\", \"row" + rows + "\"]]");
            assertEquals(200, written.statusCode(), written.body());
            assertTrue(written.body().contains("\"rows_affected\":1"), written.body());
        }
    }

    private NodeProcess leader() throws Exception {
        NodeProcess[] found = new NodeProcess[1];
        awaitUntil(() -> {
            found[0] = nodes.stream().filter(SnapshotEndToEndTest::isLeader).findFirst().orElse(null);
            return found[0] != null;
        }, Duration.ofSeconds(60), () -> "no leader");
        return found[0];
    }

    private static boolean isLeader(NodeProcess node) {
        try {
            return node.isAlive() && node.get("/status?key=store.raft.state").body().equals("\"Leader\"");
        } catch (Exception unreachable) {
            return false;
        }
    }

    private void awaitIdenticalDatabases(List<NodeProcess> which) throws Exception {
        awaitUntil(() -> {
            List<List<String>> contents = which.stream().map(SnapshotEndToEndTest::dump).toList();
            return contents.get(0).size() == rows && contents.stream().allMatch(contents.get(0)::equals);
        }, Duration.ofSeconds(120), () -> "databases did not converge on " + rows + " rows: "
                + which.stream().map(node -> node.nodeId + "=" + dump(node).size()).toList());
    }

    /** Every row of t (the blob by length), through a separate read-only connection. */
    private static List<String> dump(NodeProcess node) {
        SQLiteConfig config = new SQLiteConfig();
        config.setReadOnly(true);
        List<String> result = new ArrayList<>();
        try (var connection = config.createConnection("jdbc:sqlite:" + node.dataDir.resolve("db.sqlite"));
             var query = connection.createStatement().executeQuery("SELECT id, name, length(b) FROM t ORDER BY id")) {
            while (query.next()) {
                result.add(query.getLong(1) + "|" + query.getString(2) + "|" + query.getLong(3));
            }
        } catch (Exception notYet) {
            return List.of("(" + notYet.getMessage() + ")");
        }
        return result;
    }

    private static boolean awaitQuietly(BooleanSupplier condition, Duration patience) throws InterruptedException {
        long deadline = System.nanoTime() + patience.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                return false;
            }
            Thread.sleep(5);
        }
        return true;
    }

    private static void awaitUntil(BooleanSupplier condition, Duration patience, java.util.function.Supplier<String> failure)
            throws InterruptedException {
        if (!awaitQuietly(condition, patience)) {
            throw new AssertionError(failure.get());
        }
    }
}
