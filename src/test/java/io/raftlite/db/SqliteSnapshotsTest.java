package io.raftlite.db;

import io.raftlite.api.SqlValue;
import io.raftlite.api.Statement;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.DriverManager;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import java.util.zip.CRC32C;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Snapshot files of a live database: consistent while entries keep applying, named for their position, checksummed. */
class SqliteSnapshotsTest {
    @TempDir
    Path dir;

    /** Entry 1 creates the table; every later entry inserts its own index, so a copy's rows say which entries it holds. */
    private static AppliedEntry insertingItsIndex(long index) {
        if (index == 1) {
            return TestDatabases.entry(1, 1, Statement.of("CREATE TABLE applied (i INTEGER PRIMARY KEY)"));
        }
        return TestDatabases.entry(index, termOf(index), Statement.of("INSERT INTO applied VALUES (?)", SqlValue.of(index)));
    }

    private static long termOf(long index) {
        return 1 + index / 25;
    }

    @Test
    void exportWhileEntriesKeepApplyingIsAConsistentCopyAtItsRecordedIndex() throws Exception {
        Path db = dir.resolve("db.sqlite");
        Path snapshots = dir.resolve("snapshots");
        AtomicLong appliedUpTo = new AtomicLong();
        AtomicBoolean stop = new AtomicBoolean();
        ExecutorService applier = Executors.newSingleThreadExecutor();
        try (SqliteStateMachine machine = SqliteStateMachine.open(db)) {
            Future<?> applying = applier.submit(() -> {
                long next = 1;
                while (!stop.get()) {
                    List<AppliedEntry> batch = new ArrayList<>();
                    for (long end = next + next % 3; next <= end; next++) { // batches of one to three entries
                        batch.add(insertingItsIndex(next));
                    }
                    machine.apply(batch);
                    appliedUpTo.set(next - 1);
                }
                return null;
            });
            awaitAtLeast(appliedUpTo, 50);

            SqliteSnapshots.Exported exported = SqliteSnapshots.export(db, snapshots);

            stop.set(true);
            applying.get(30, TimeUnit.SECONDS);
            long index = exported.appliedIndex();
            assertTrue(index >= 50 && index <= appliedUpTo.get(), "snapshot at " + index + ", applier reached " + appliedUpTo.get());
            assertEquals(termOf(index), exported.appliedTerm());
            assertEquals(snapshots.resolve("snapshot-" + index + "-" + termOf(index) + ".sqlite"), exported.file());
            assertEquals(List.of(index - 1, 2L, index), List.of(
                    TestDatabases.queryLong(exported.file(), "SELECT count(*) FROM applied"),
                    TestDatabases.queryLong(exported.file(), "SELECT min(i) FROM applied"),
                    TestDatabases.queryLong(exported.file(), "SELECT max(i) FROM applied")),
                    "the copy holds exactly the entries up to its recorded index");
            assertEquals(Files.size(exported.file()), exported.size());
            assertEquals(SqliteSnapshots.checksum(exported.file()), exported.checksum());
            assertEquals(List.of(exported.file()), filesIn(snapshots), "no temporary file is left behind");
        } finally {
            applier.shutdownNow();
        }
    }

    @Test
    void aDatabaseWithoutAppliedTableExportsAtZeroAndAReExportReplacesTheFile() throws Exception {
        Path db = dir.resolve("plain.sqlite");
        try (var connection = DriverManager.getConnection("jdbc:sqlite:" + db); var statement = connection.createStatement()) {
            statement.execute("CREATE TABLE t (x)");
            statement.execute("INSERT INTO t VALUES (1), (2)");
        }

        SqliteSnapshots.export(db, dir.resolve("snapshots"));
        SqliteSnapshots.Exported again = SqliteSnapshots.export(db, dir.resolve("snapshots"));

        assertEquals(List.of(0L, 0L), List.of(again.appliedIndex(), again.appliedTerm()));
        assertEquals(List.of(dir.resolve("snapshots/snapshot-0-0.sqlite")), filesIn(dir.resolve("snapshots")));
        assertEquals(2, TestDatabases.queryLong(again.file(), "SELECT count(*) FROM t"));
        assertEquals("delete", TestDatabases.queryText(again.file(), "PRAGMA journal_mode"),
                "a snapshot is a plain rollback-journal file, readable without -wal and -shm companions");
    }

    @Test
    void aFailedExportLeavesNoFileBehind() throws Exception {
        Path snapshots = dir.resolve("snapshots");

        IllegalStateException failure = assertThrows(IllegalStateException.class,
                () -> SqliteSnapshots.export(dir.resolve("missing.sqlite"), snapshots));

        assertTrue(failure.getMessage().contains("missing.sqlite"), failure.getMessage());
        assertEquals(List.of(), filesIn(snapshots));
    }

    @Test
    void checksumIsTheCrc32cOfTheWholeFileAndChangesWithOneByte() throws Exception {
        byte[] content = new byte[200_000]; // several read buffers' worth
        new Random(7).nextBytes(content);
        Path file = Files.write(dir.resolve("data"), content);
        long before = SqliteSnapshots.checksum(file);

        content[150_001] ^= 1;
        Files.write(file, content);
        long after = SqliteSnapshots.checksum(file);

        assertNotEquals(before, after);
        CRC32C expected = new CRC32C();
        expected.update(content);
        assertEquals(expected.getValue(), after);
    }

    private static void awaitAtLeast(AtomicLong value, long target) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (value.get() < target) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("still at " + value.get() + ", waiting for " + target);
            }
            Thread.sleep(1);
        }
    }

    private static List<Path> filesIn(Path directory) throws Exception {
        try (Stream<Path> files = Files.list(directory)) {
            return files.sorted().toList();
        }
    }
}
