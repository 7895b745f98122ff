package io.raftlite.db;

import io.raftlite.api.SqlValue;
import io.raftlite.api.Statement;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The state machine's side of Raft snapshots: durable up to the applied index, and replaced whole by a snapshot. */
class SqliteStateMachineSnapshotTest {
    @TempDir
    Path dir;
    private final List<AutoCloseable> opened = new ArrayList<>();

    @AfterEach
    void close() throws Exception {
        for (AutoCloseable resource : opened) {
            resource.close();
        }
    }

    private SqliteStateMachine open(String node) throws Exception {
        Files.createDirectories(dir.resolve(node));
        SqliteStateMachine machine = SqliteStateMachine.open(dir.resolve(node).resolve("db.sqlite"));
        opened.add(machine);
        return machine;
    }

    private Path db(String node) {
        return dir.resolve(node).resolve("db.sqlite");
    }

    /** Applies entries from..to (at term 2), each inserting its own index into table {@code rows}. */
    private static void insertEach(SqliteStateMachine machine, long from, long to) {
        List<AppliedEntry> entries = new ArrayList<>();
        for (long index = from; index <= to; index++) {
            entries.add(TestDatabases.entry(index, 2, Statement.of("INSERT INTO rows VALUES (?)", SqlValue.of(index))));
        }
        machine.apply(entries);
    }

    private static void createRows(SqliteStateMachine machine) {
        machine.apply(List.of(TestDatabases.entry(1, 1, Statement.of("CREATE TABLE rows (i INTEGER PRIMARY KEY)"))));
    }

    @Test
    void makeDurableReturnsTheAppliedIndexAndCommitsARealChange() throws Exception {
        SqliteStateMachine machine = open("a");
        assertEquals(0, machine.makeDurable(), "a fresh database has applied nothing");
        createRows(machine);
        insertEach(machine, 2, 3);

        try (Connection reader = DriverManager.getConnection("jdbc:sqlite:" + db("a"))) {
            long versionBefore = dataVersion(reader);
            assertEquals(3, machine.makeDurable());
            assertTrue(dataVersion(reader) != versionBefore,
                    "makeDurable commits a change, so SQLite writes (and, under FULL, fsyncs) the WAL: an unchanged row would not");
        }
        assertEquals(List.of(3L, 2L), List.of(TestDatabases.queryLong(db("a"), "SELECT applied_index FROM _raftlite_applied"),
                TestDatabases.queryLong(db("a"), "SELECT applied_term FROM _raftlite_applied")));
        assertEquals(2, machine.lastAppliedTerm());
    }

    @Test
    void restoreReplacesTheWholeDatabaseWithTheSnapshotsRowsAndAppliedPosition() throws Exception {
        SqliteStateMachine leader = open("leader");
        createRows(leader);
        insertEach(leader, 2, 10);
        // a quote and a space in the path: sqlite-jdbc's restore command has no escapes
        SqliteSnapshots.Exported snapshot = SqliteSnapshots.export(db("leader"), dir.resolve("leader's snapshots"));
        SqliteStateMachine follower = open("follower");
        follower.apply(List.of(TestDatabases.entry(1, 1, Statement.of("CREATE TABLE stale (x)")),
                TestDatabases.entry(2, 1, Statement.of("INSERT INTO stale VALUES ('gone after restore')"))));

        follower.restoreFrom(snapshot.file());

        assertEquals(List.of(10L, 2L), List.of(follower.lastAppliedIndex(), follower.lastAppliedTerm()));
        assertEquals(List.of(9L, 2L, 10L, 0L), List.of(
                TestDatabases.queryLong(db("follower"), "SELECT count(*) FROM rows"),
                TestDatabases.queryLong(db("follower"), "SELECT min(i) FROM rows"),
                TestDatabases.queryLong(db("follower"), "SELECT max(i) FROM rows"),
                TestDatabases.queryLong(db("follower"), "SELECT count(*) FROM sqlite_schema WHERE name = 'stale'")));
        assertEquals("wal", TestDatabases.queryText(db("follower"), "PRAGMA journal_mode"));
        insertEach(follower, 11, 12);
        assertEquals(11, TestDatabases.queryLong(db("follower"), "SELECT count(*) FROM rows"), "applying goes on after the restore");
        assertEquals(12, follower.makeDurable());
    }

    @Test
    void aReaderOpenedBeforeRestoreSeesEitherTheOldOrTheNewDatabaseNeverAMix() throws Exception {
        SqliteStateMachine leader = open("leader");
        fillPairedTables(leader, 3000); // about 1,500 pages: many backup steps, more than the page cache holds
        SqliteSnapshots.Exported snapshot = SqliteSnapshots.export(db("leader"), dir.resolve("snapshots"));
        SqliteStateMachine follower = open("follower");
        fillPairedTables(follower, 1000);
        CountDownLatch readOldOnce = new CountDownLatch(1);
        ExecutorService reading = Executors.newSingleThreadExecutor();
        try (Connection reader = DriverManager.getConnection("jdbc:sqlite:" + db("follower"))) {
            Future<List<Long>> seen = reading.submit(() -> readUntilNew(reader, 3000, readOldOnce));
            assertTrue(readOldOnce.await(30, TimeUnit.SECONDS));

            follower.restoreFrom(snapshot.file());

            assertEquals(List.of(1000L, 3000L), seen.get(60, TimeUnit.SECONDS),
                    "the row counts the reader saw, in order: each read matched one whole database");
        } finally {
            reading.shutdownNow();
        }
    }

    @Test
    void restoreOfAGarbageFileIsRefusedAndLeavesTheDatabaseAsItWas() throws Exception {
        SqliteStateMachine machine = open("a");
        createRows(machine);
        insertEach(machine, 2, 5);
        byte[] garbage = new byte[16_384];
        new Random(3).nextBytes(garbage);
        Path file = Files.write(dir.resolve("garbage.sqlite"), garbage);

        IllegalArgumentException refused = assertThrows(IllegalArgumentException.class, () -> machine.restoreFrom(file));

        assertTrue(refused.getMessage().contains("not a readable SQLite database"), refused.getMessage());
        assertEquals(5, machine.lastAppliedIndex());
        assertEquals(4, TestDatabases.queryLong(db("a"), "SELECT count(*) FROM rows"));
        insertEach(machine, 6, 6);
        assertEquals(5, TestDatabases.queryLong(db("a"), "SELECT count(*) FROM rows"));
    }

    @Test
    void restoreOfASqliteFileThatIsNoSnapshotIsRefused() throws Exception {
        SqliteStateMachine machine = open("a");
        createRows(machine);
        Path plain = dir.resolve("plain.sqlite");
        Path otherPageSize = dir.resolve("other-page-size.sqlite");
        run(plain, "CREATE TABLE rows (i INTEGER PRIMARY KEY)");
        run(otherPageSize, "PRAGMA page_size = 8192", "CREATE TABLE rows (i INTEGER PRIMARY KEY)",
                "CREATE TABLE _raftlite_applied (id INTEGER PRIMARY KEY, applied_index INTEGER, applied_term INTEGER)");

        String noAppliedTable = assertThrows(IllegalArgumentException.class, () -> machine.restoreFrom(plain)).getMessage();
        String pageSize = assertThrows(IllegalArgumentException.class, () -> machine.restoreFrom(otherPageSize)).getMessage();
        String missing = assertThrows(IllegalArgumentException.class, () -> machine.restoreFrom(dir.resolve("nope"))).getMessage();

        assertTrue(noAppliedTable.contains("no _raftlite_applied table"), noAppliedTable);
        assertTrue(pageSize.contains("page size 8192"), pageSize);
        assertTrue(missing.contains("does not exist"), missing);
        assertEquals(1, machine.lastAppliedIndex());
    }

    /** Tables a and b always hold the same number of rows: one entry fills both. */
    private static void fillPairedTables(SqliteStateMachine machine, int rows) {
        String fill = "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < " + rows + ") "
                + "INSERT INTO %s SELECT i, zeroblob(1000) FROM n";
        machine.apply(List.of(TestDatabases.entry(1, 1, true, Statement.of("CREATE TABLE a (i INTEGER PRIMARY KEY, pad BLOB)"),
                Statement.of("CREATE TABLE b (i INTEGER PRIMARY KEY, pad BLOB)"),
                Statement.of(fill.formatted("a")), Statement.of(fill.formatted("b")))));
    }

    /**
     * Reads both counts in one transaction until it sees {@code newCount} (and a few reads more);
     * returns the distinct counts in the order seen, and fails on a read where a and b disagree.
     */
    private static List<Long> readUntilNew(Connection reader, long newCount, CountDownLatch readOldOnce) throws SQLException {
        List<Long> seen = new ArrayList<>();
        int readsOfNew = 0;
        try (var statement = reader.createStatement()) {
            statement.execute("PRAGMA busy_timeout = 5000");
            while (readsOfNew < 20) {
                statement.execute("BEGIN");
                long a = queryLong(statement, "SELECT count(*) FROM a");
                long b = queryLong(statement, "SELECT count(*) FROM b");
                long sumB = queryLong(statement, "SELECT sum(i) FROM b");
                statement.execute("COMMIT");
                if (a != b || sumB != b * (b + 1) / 2) {
                    throw new AssertionError("a torn read: a has " + a + " rows, b " + b + " summing to " + sumB);
                }
                if (seen.isEmpty() || seen.get(seen.size() - 1) != a) {
                    seen.add(a);
                }
                readOldOnce.countDown();
                readsOfNew += a == newCount ? 1 : 0;
            }
        }
        return seen;
    }

    private static long queryLong(java.sql.Statement statement, String sql) throws SQLException {
        try (var result = statement.executeQuery(sql)) {
            result.next();
            return result.getLong(1);
        }
    }

    private static long dataVersion(Connection reader) throws SQLException {
        try (var statement = reader.createStatement()) {
            return queryLong(statement, "PRAGMA data_version");
        }
    }

    private static void run(Path file, String... sql) throws SQLException {
        try (var connection = DriverManager.getConnection("jdbc:sqlite:" + file); var statement = connection.createStatement()) {
            for (String each : sql) {
                statement.execute(each);
            }
        }
    }
}
