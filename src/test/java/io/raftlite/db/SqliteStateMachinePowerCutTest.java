package io.raftlite.db;

import io.raftlite.api.SqlValue;
import io.raftlite.api.Statement;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The simulated power cut of fault control: db.sqlite keeps exactly what was fsynced (by
 * makeDurable, or by a checkpoint of SQLite's own), as the disk would after the power went, and the
 * files left behind open as a consistent database.
 */
class SqliteStateMachinePowerCutTest {
    @TempDir
    Path dir;
    private final List<AutoCloseable> opened = new ArrayList<>();

    @AfterEach
    void close() throws Exception {
        for (AutoCloseable resource : opened) {
            resource.close();
        }
    }

    @Test
    void writesAfterTheLastMakeDurableAreLostAndEverythingBeforeItIsKept() throws Exception {
        SqliteStateMachine machine = open(dir.resolve("node"));
        createRows(machine);
        insertEach(machine, 2, 10);
        assertEquals(10, machine.makeDurable());
        insertEach(machine, 11, 20);

        assertTrue(machine.discardUnsyncedWrites() > 0, "the frames of entries 11..20 were never fsynced");

        assertImageHoldsRowsUpTo(10, diskImage(dir.resolve("node"), dir.resolve("after-cut")));
    }

    @Test
    void whatACheckpointCopiedIsKeptAndTheWalStaysBounded() throws Exception {
        SqliteStateMachine machine = open(dir.resolve("node"));
        createRows(machine);
        insertEach(machine, 2, 10);
        machine.makeDurable();
        machine.apply(List.of(TestDatabases.entry(11, 2, Statement.of("CREATE TABLE blobs (b BLOB)"))));
        // 200 kB each, one transaction each: the state machine's own checkpoint runs once the WAL
        // holds 4 MB (about every 20 entries). It fsyncs the WAL and copies it into the database file;
        // the next write starts the WAL over with new salts. Only what came after the last one is unsynced.
        for (long index = 12; index <= 70; index++) {
            machine.apply(List.of(TestDatabases.entry(index, 2, Statement.of("INSERT INTO rows VALUES (?)", SqlValue.of(index)),
                    Statement.of("INSERT INTO blobs VALUES (zeroblob(200000))"))));
            assertTrue(Files.size(dir.resolve("node").resolve("db.sqlite-wal")) < 8_000_000, "checkpoints keep the WAL near 4 MB");
        }

        machine.discardUnsyncedWrites();

        Path image = diskImage(dir.resolve("node"), dir.resolve("after-cut"));
        long kept = TestDatabases.queryLong(image, "SELECT applied_index FROM _raftlite_applied");
        assertTrue(kept > 30 && kept < 70, "a checkpoint after entry 30 was durable, the last entries were not: kept " + kept);
        assertEquals(List.of(kept - 2, kept, kept - 11, "ok"), List.of(
                TestDatabases.queryLong(image, "SELECT count(*) FROM rows"),
                TestDatabases.queryLong(image, "SELECT max(i) FROM rows"),
                TestDatabases.queryLong(image, "SELECT count(*) FROM blobs"),
                TestDatabases.queryText(image, "PRAGMA integrity_check")));
    }

    @Test
    void whatAnEarlierRunLeftIsTakenAsDurable() throws Exception {
        SqliteStateMachine first = open(dir.resolve("first"));
        createRows(first);
        insertEach(first, 2, 10);
        Path leftBehind = diskImage(dir.resolve("first"), dir.resolve("second")).getParent();

        SqliteStateMachine second = open(leftBehind);
        insertEach(second, 11, 12);
        second.discardUnsyncedWrites();

        Path image = diskImage(leftBehind, dir.resolve("after-cut"));
        assertEquals(10, TestDatabases.queryLong(image, "SELECT max(i) FROM rows"),
                "an earlier run may have made these durable and compacted its log: they must survive");
    }

    /** Rows 2..{@code last}, applied through {@code last}, and a sound database file. */
    private static void assertImageHoldsRowsUpTo(long last, Path image) {
        assertEquals(List.of(last - 1, last, last, "ok"), List.of(
                TestDatabases.queryLong(image, "SELECT count(*) FROM rows"),
                TestDatabases.queryLong(image, "SELECT max(i) FROM rows"),
                TestDatabases.queryLong(image, "SELECT applied_index FROM _raftlite_applied"),
                TestDatabases.queryText(image, "PRAGMA integrity_check")));
    }

    private SqliteStateMachine open(Path nodeDir) throws Exception {
        Files.createDirectories(nodeDir);
        SqliteStateMachine machine = SqliteStateMachine.open(nodeDir.resolve("db.sqlite"));
        opened.add(machine);
        return machine;
    }

    /** The database and its WAL as the disk holds them now (the -shm index is rebuilt on open). */
    private static Path diskImage(Path nodeDir, Path target) throws Exception {
        Files.createDirectories(target);
        Files.copy(nodeDir.resolve("db.sqlite"), target.resolve("db.sqlite"));
        if (Files.exists(nodeDir.resolve("db.sqlite-wal"))) {
            Files.copy(nodeDir.resolve("db.sqlite-wal"), target.resolve("db.sqlite-wal"));
        }
        return target.resolve("db.sqlite");
    }

    private static void createRows(SqliteStateMachine machine) {
        machine.apply(List.of(TestDatabases.entry(1, 1, Statement.of("CREATE TABLE rows (i INTEGER PRIMARY KEY)"))));
    }

    private static void insertEach(SqliteStateMachine machine, long from, long to) {
        List<AppliedEntry> entries = new ArrayList<>();
        for (long index = from; index <= to; index++) {
            entries.add(TestDatabases.entry(index, 2, Statement.of("INSERT INTO rows VALUES (?)", SqlValue.of(index))));
        }
        machine.apply(entries);
    }
}
