package io.raftlite.e2e;

import org.sqlite.SQLiteConfig;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The table t(id, name, b) that the end-to-end tests write through HTTP and read back from each
 * node's db.sqlite, plus the waiting they need: who leads, and when the files agree.
 */
final class Table {
    static final String CREATE = "[\"CREATE TABLE t (id INTEGER PRIMARY KEY, name TEXT, b BLOB)\"]";

    private Table() {
    }

    /** Inserts one row named {@code name} with a blob of {@code blobBytes} zero bytes; asserts it was acknowledged. */
    static void insert(NodeProcess via, String name, int blobBytes) throws Exception {
        HttpResponse<String> written = via.post("/db/execute",
                "[[\"INSERT INTO t(name, b) VALUES(?, zeroblob(" + blobBytes + "))\", \"" + name + "\"]]");
        assertEquals(200, written.statusCode(), written.body());
        assertTrue(written.body().contains("\"rows_affected\":1"), written.body());
    }

    static NodeProcess leader(List<NodeProcess> nodes) throws InterruptedException {
        NodeProcess[] found = new NodeProcess[1];
        await(() -> {
            found[0] = nodes.stream().filter(Table::isLeader).findFirst().orElse(null);
            return found[0] != null;
        }, Duration.ofSeconds(60), () -> "no leader among " + nodes.stream().map(node -> node.nodeId).toList());
        return found[0];
    }

    /** Waits until the leader's /nodes lists {@code count} voters: nodes that joined are voters only once caught up. */
    static void awaitVoters(List<NodeProcess> nodes, int count) throws InterruptedException {
        await(() -> {
            try {
                String members = leader(nodes).get("/nodes").body();
                return members.split("\"voter\":true", -1).length - 1 == count;
            } catch (Exception notYet) {
                return false;
            }
        }, Duration.ofSeconds(60), () -> "the cluster did not reach " + count + " voters");
    }

    static boolean isLeader(NodeProcess node) {
        try {
            return node.isAlive() && node.get("/status?key=store.raft.state").body().equals("\"Leader\"");
        } catch (Exception unreachable) {
            return false;
        }
    }

    /** Waits until every node's db.sqlite holds exactly the rows named {@code names}, in order, and the same data. */
    static void awaitIdentical(List<NodeProcess> nodes, List<String> names) throws InterruptedException {
        await(() -> {
            List<List<String>> contents = nodes.stream().map(Table::dump).toList();
            return contents.get(0).stream().map(row -> row.split("\\|")[1]).toList().equals(names)
                    && contents.stream().allMatch(contents.get(0)::equals);
        }, Duration.ofSeconds(120), () -> "databases did not converge on " + names.size() + " rows: "
                + nodes.stream().map(node -> node.nodeId + "=" + dump(node).size()).toList());
    }

    /** Every row of t (the blob by length), through a separate read-only connection as sqlite3 -readonly would. */
    static List<String> dump(NodeProcess node) {
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

    /** Polls {@code condition} every few milliseconds; false if it did not hold within {@code patience}. */
    static boolean poll(BooleanSupplier condition, Duration patience) throws InterruptedException {
        long deadline = System.nanoTime() + patience.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                return false;
            }
            Thread.sleep(5);
        }
        return true;
    }

    static void await(BooleanSupplier condition, Duration patience, Supplier<String> failure) throws InterruptedException {
        if (!poll(condition, patience)) {
            throw new AssertionError(failure.get());
        }
    }
}
