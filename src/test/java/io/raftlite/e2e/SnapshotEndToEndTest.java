package io.raftlite.e2e;

import org.junit.jupiter.api.Test;

import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Log compaction and InstallSnapshot with real node processes: nodes compact every few dozen
 * entries; a node that was down while a database of more than 10 MB was written catches up through
 * a snapshot streamed in chunks; a node killed in the middle of receiving one loses nothing and
 * catches up after restarting; a leader restarted after several compactions still has every row.
 */
class SnapshotEndToEndTest extends ProcessTest {
    private static final String COMPACT_OFTEN = "raft.snapshot-threshold = 20\n  raft.snapshot-trailing-entries = 5";
    private static final int BLOB_BYTES = 100_000;

    private final List<String> names = new ArrayList<>();

    @Test
    void laggingNodesCatchUpBySnapshotAndRestartsKeepEverything() throws Exception {
        NodeProcess.startThree(root, COMPACT_OFTEN, nodes);
        NodeProcess leader = leader();
        assertEquals(200, leader.post("/db/execute", Table.CREATE).statusCode());

        NodeProcess away = nodes.stream().filter(node -> node != leader).findFirst().orElseThrow();
        away.kill();
        writeRows(leader, 110); // 11 MB, more than five times the threshold in entries
        // What is not yet checkpointed into db.sqlite is in its WAL; a snapshot copy holds both.
        long databaseBytes = Files.size(leader.dataDir.resolve("db.sqlite")) + Files.size(leader.dataDir.resolve("db.sqlite-wal"));
        assertTrue(databaseBytes > 10_000_000, "the database should exceed 10 MB: " + databaseBytes);
        away.start();
        away.awaitReady();
        Table.awaitIdentical(nodes, names);
        assertTrue(away.log().contains("installs snapshot"), "the node that was away did not catch up by snapshot:\n" + away.log());

        killDuringASnapshotTransfer(leader, away);
        Table.awaitIdentical(nodes, names);
        try (Stream<Path> copies = Files.list(leader.dataDir.resolve("raft-snapshots").resolve("outgoing"))) {
            List<Path> kept = copies.toList();
            assertTrue(kept.size() <= 1, "copies of the database made for followers are deleted once superseded: " + kept);
        }

        HttpResponse<String> compacted = leader.post("/snapshot", "");
        assertTrue(compacted.statusCode() == 200 || compacted.statusCode() == 204, "POST /snapshot: " + compacted.statusCode());
        leader.kill();
        leader.start();
        leader.awaitReady();
        writeRows(leader(), 3);
        Table.awaitIdentical(nodes, names);
        assertEquals(names.size(), Table.dump(leader).size(), "a leader restarted after compactions has every row");
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
            boolean caught = Table.poll(() -> hasPartialSnapshot(away), Duration.ofSeconds(60));
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
            names.add("row" + names.size());
            Table.insert(leader, names.get(names.size() - 1), BLOB_BYTES);
        }
    }

    private NodeProcess leader() throws Exception {
        return Table.leader(nodes);
    }
}
