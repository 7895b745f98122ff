package io.raftlite.e2e;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sqlite.SQLiteConfig;

import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * One real node process, started from a config file: SQL over HTTP lands in its db.sqlite (readable
 * read-only from outside while it runs), bad input is refused without harm, SIGTERM stops it
 * cleanly, and a restart finds everything again. Bad configs stop it at once with one clear line.
 */
class SingleNodeEndToEndTest {
    @TempDir
    Path root;
    private final List<NodeProcess> started = new ArrayList<>();

    @AfterEach
    void stopEverything() {
        started.forEach(NodeProcess::close);
    }

    private NodeProcess node(String id) throws Exception {
        NodeProcess node = new NodeProcess(root, id);
        started.add(node);
        return node;
    }

    @Test
    void writesQueriesRestartsAndShowsTheSameRowsInTheFile() throws Exception {
        NodeProcess node = node("single").start();
        node.awaitReady();

        HttpResponse<String> created = node.post("/db/execute", "[\"CREATE TABLE foo (id INTEGER PRIMARY KEY, name TEXT, r INTEGER, t TEXT)\","
                + " [\"INSERT INTO foo(name, r, t) VALUES(?, RANDOM(), datetime('now'))\", \"fiona\"]]");
        assertEquals(200, created.statusCode());
        assertEquals("{\"results\":[{},{\"last_insert_id\":1,\"rows_affected\":1}]}", created.body());

        HttpResponse<String> queried = node.get("/db/query?q=SELECT%20id,name%20FROM%20foo");
        assertEquals("{\"results\":[{\"columns\":[\"id\",\"name\"],\"types\":[\"integer\",\"text\"],\"values\":[[1,\"fiona\"]]}]}",
                queried.body());
        List<String> fileRows = readOnly(node.dataDir.resolve("db.sqlite"));
        assertEquals(1, fileRows.size(), "the row is in the node's SQLite file: " + fileRows);
        assertTrue(fileRows.get(0).startsWith("1|fiona|"), fileRows.get(0));

        assertEquals(400, node.post("/db/execute", "[\"oops\"").statusCode());
        assertEquals(200, node.post("/db/execute", "[\"INSERT INTO nope VALUES(1)\"]").statusCode());
        assertEquals("{\"results\":[],\"error\":\"disallowed pragma\"}", node.post("/db/execute", "[\"PRAGMA journal_mode=DELETE\"]").body());

        assertEquals(0, node.terminate(), "SIGTERM must stop the node cleanly\n" + node.log());
        node.start();
        node.awaitReady();
        assertEquals(queried.body(), node.get("/db/query?q=SELECT%20id,name%20FROM%20foo").body());
        assertEquals(fileRows, readOnly(node.dataDir.resolve("db.sqlite")), "nothing re-applied or lost on restart");
    }

    @Test
    void aMisspelledKeyStopsTheNodeWithOneLineNamingKeyAndFile() throws Exception {
        Path config = Files.writeString(root.resolve("bad.conf"), "raftlite { node-id = x, http.adress = \"127.0.0.1:1\" }\n");

        Process process = NodeProcess.launch(config);

        assertTrue(process.waitFor(60, TimeUnit.SECONDS));
        assertEquals(2, process.exitValue());
        String output = Files.readString(root.resolve("bad.conf.log")).strip();
        assertEquals("raftlite: " + config + ": unknown key raftlite.http.adress (line 1); "
                + "did you mean raftlite.http.address?", output.lines().reduce((first, last) -> last).orElse(""));
    }

    @Test
    void aPortInUseStopsTheNodeWithOneLine() throws Exception {
        NodeProcess first = node("first").start();
        first.awaitReady();
        NodeProcess clash = node("clash");
        Files.writeString(clash.config, Files.readString(clash.config).replace("127.0.0.1:" + clash.httpPort, "127.0.0.1:" + first.httpPort));

        Process process = NodeProcess.launch(clash.config);

        assertTrue(process.waitFor(60, TimeUnit.SECONDS));
        assertEquals(2, process.exitValue());
        String last = clash.log().strip().lines().reduce((a, b) -> b).orElse("");
        assertTrue(last.startsWith("raftlite: " + clash.config + ": raftlite.http.address 127.0.0.1:" + first.httpPort + " cannot be used"), last);
    }

    @Test
    void aSecondNodeOnTheSameDataDirectoryStopsWithOneLineAndTheFirstServesOn() throws Exception {
        NodeProcess first = node("first").start();
        first.awaitReady();
        assertEquals(200, first.post("/db/execute", "[\"CREATE TABLE foo (id INTEGER PRIMARY KEY)\"]").statusCode());
        NodeProcess copy = node("copy"); // its own ports, the first node's data directory
        Files.writeString(copy.config, Files.readString(copy.config).replace(copy.dataDir.toString(), first.dataDir.toString()));

        Process process = NodeProcess.launch(copy.config);

        assertTrue(process.waitFor(60, TimeUnit.SECONDS));
        assertEquals(2, process.exitValue());
        String last = copy.log().strip().lines().reduce((a, b) -> b).orElse("");
        assertEquals("raftlite: " + copy.config + ": raftlite.data-dir " + first.dataDir.toAbsolutePath().normalize() + " is in use by another raftlite node (pid "
                + first.pid() + "); give each node its own data directory", last);
        assertEquals(200, first.post("/db/execute", "[\"INSERT INTO foo(id) VALUES(1)\"]").statusCode());
        first.kill(); // kill -9: the operating system drops the lock, so a restart finds none
        first.start();
        first.awaitReady();
        assertTrue(first.get("/db/query?q=SELECT+count(*)+FROM+foo").body().contains("[[1]]"));
    }

    /**
     * The default max-body-size (16 MiB) is what the default heap can parse and encode: a body
     * just below it is stored whole, one above it gets 413 (at the old 64 MiB default a 60 MB body
     * ran the node out of heap and got 500).
     */
    @Test
    void aBodyJustBelowTheDefaultLimitIsStoredAndOneAboveItGets413() throws Exception {
        NodeProcess node = node("bodies").start();
        node.awaitReady();
        assertEquals(200, node.post("/db/execute", "[\"CREATE TABLE big (id INTEGER PRIMARY KEY, v TEXT)\"]").statusCode());
        String row = "[\"INSERT INTO big(v) VALUES(?)\", \"" + "x".repeat(20_000) + "\"]";
        String below = "[" + String.join(",", java.util.Collections.nCopies(800, row)) + "]";
        String above = "[" + String.join(",", java.util.Collections.nCopies(900, row)) + "]";
        assertTrue(below.length() < 16 * 1024 * 1024 && above.length() > 16 * 1024 * 1024);

        HttpResponse<String> stored = node.post("/db/execute", below);
        HttpResponse<String> refused = node.post("/db/execute", above);

        assertEquals(200, stored.statusCode(), stored.body().substring(0, Math.min(300, stored.body().length())));
        assertEquals(413, refused.statusCode(), refused.body());
        assertTrue(node.get("/db/query?q=SELECT+count(*)+FROM+big").body().contains("[[800]]"));
        assertTrue(node.isAlive());
    }

    /** Reads foo through a separate read-only connection, as sqlite3 -readonly or Datasette would. */
    private static List<String> readOnly(Path file) throws Exception {
        SQLiteConfig config = new SQLiteConfig();
        config.setReadOnly(true);
        List<String> rows = new ArrayList<>();
        try (var connection = config.createConnection("jdbc:sqlite:" + file);
             var result = connection.createStatement().executeQuery("SELECT id, name, r, t FROM foo ORDER BY id")) {
            while (result.next()) {
                rows.add(result.getLong(1) + "|" + result.getString(2) + "|" + result.getLong(3) + "|" + result.getString(4));
            }
        }
        return rows;
    }
}
