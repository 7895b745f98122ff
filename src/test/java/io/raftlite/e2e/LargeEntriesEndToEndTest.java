package io.raftlite.e2e;

import org.junit.jupiter.api.Test;

import java.net.http.HttpResponse;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Writes whose Raft entries are large, on one node with a 160 MiB heap (128 MiB after its
 * restart) and a 32 MiB log-size threshold. Three ways this ran a node out of heap (it exits, and
 * did again on every restart):
 * <ul>
 *   <li>the Raft storage's Pekko snapshot, every 1000 events, holds the whole uncompacted log
 *       (here about 30 MiB), and saving it took several copies of it at once;</li>
 *   <li>a compaction always kept {@code snapshot-trailing-entries} (1024) entries whatever their
 *       size, so fewer large entries than that were never compacted at all;</li>
 *   <li>on restart, Pekko's replay filter held 100 replayed events at once (here 100 MiB).</li>
 * </ul>
 */
class LargeEntriesEndToEndTest extends ProcessTest {
    private static final Pattern STARTED = Pattern.compile("started: term \\d+, log (\\d+)\\.\\.(\\d+) \\(snapshot through (\\d+)\\)");
    private static final int MEDIUM_ROWS = 1100;
    private static final int MEDIUM_CHARS = 30_000;
    private static final int LARGE_ROWS = 160;
    private static final int LARGE_CHARS = 1024 * 1024;

    @Test
    void aNodeWithASmallHeapKeepsServingLargeWritesAndComesBackWithEveryRow() throws Exception {
        NodeProcess node = new NodeProcess(root, "large").withJvmOptions(List.of("-Xmx160m"))
                .withSettings("raft.snapshot-threshold-bytes = 32 MiB");
        nodes.add(node);
        node.start();
        node.awaitReady();
        assertEquals(200, node.post("/db/execute", "[\"CREATE TABLE big (id INTEGER PRIMARY KEY, v TEXT)\"]").statusCode());

        // Past the Pekko snapshot at event 1000 while about 30 MiB of log is still uncompacted.
        write(node, MEDIUM_ROWS, MEDIUM_CHARS);
        // Fewer entries than the 1024 trailing ones, 160 MiB of them: only a size bound compacts these.
        write(node, LARGE_ROWS, LARGE_CHARS);
        assertTrue(node.isAlive(), "the node exited");
        assertFalse(node.log().contains("OutOfMemoryError"), "the node ran out of heap");

        // A restart replays the events since the last Pekko snapshot (hundreds of MiB of them here)
        // on an even smaller heap: Pekko's replay filter held 100 of them at once.
        node.kill();
        node.withJvmOptions(List.of("-Xmx128m"));
        node.start();
        node.awaitReady();
        Matcher started = STARTED.matcher(node.log());
        long snapshotIndex = -1;
        long lastIndex = -1;
        while (started.find()) { // the last start is the restart
            lastIndex = Long.parseLong(started.group(2));
            snapshotIndex = Long.parseLong(started.group(3));
        }
        assertTrue(snapshotIndex > 0, "the log was never compacted:\n" + node.log());
        // By size, the log holds at most 32 MiB before it is compacted to 8 MiB of trailing entries
        // (64 and 16 large ones), plus what arrives during a compaction; by count alone it kept 1024.
        assertTrue(lastIndex - snapshotIndex < LARGE_ROWS, "the log kept " + (lastIndex - snapshotIndex)
                + " entries after its snapshot at " + snapshotIndex + ": the large ones were not compacted by size");
        HttpResponse<String> count = node.get("/db/query?q=SELECT+count(*)+FROM+big");
        assertTrue(count.body().contains("[[" + (MEDIUM_ROWS + LARGE_ROWS) + "]]"), count.body());
        assertFalse(node.log().contains("OutOfMemoryError"), "the node ran out of heap after its restart");
    }

    private static void write(NodeProcess node, int rows, int chars) throws Exception {
        String body = "[[\"INSERT INTO big(v) VALUES(?)\", \"" + "x".repeat(chars) + "\"]]";
        for (int i = 0; i < rows; i++) {
            HttpResponse<String> written = node.post("/db/execute", body);
            assertEquals(200, written.statusCode(), written.body());
            assertTrue(written.body().contains("\"rows_affected\":1"), written.body());
        }
    }
}
