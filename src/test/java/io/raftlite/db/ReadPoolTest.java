package io.raftlite.db;

import io.raftlite.api.SqlValue;
import io.raftlite.api.Statement;
import io.raftlite.api.StatementResult;
import io.raftlite.command.CommandCodec;
import io.raftlite.command.SqlCommand;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Queries on read-only connections: rqlite's result shapes and value mapping, concurrency with the writer. */
class ReadPoolTest {
    @TempDir
    Path dir;
    private SqliteStateMachine writer;
    private ReadPool readers;
    private long index = 1;

    @AfterEach
    void close() {
        if (readers != null) {
            readers.close();
        }
        if (writer != null) {
            writer.close();
        }
    }

    private void write(String... sql) {
        if (writer == null) {
            writer = SqliteStateMachine.open(dir.resolve("db.sqlite"));
        }
        List<Statement> statements = java.util.Arrays.stream(sql).map(Statement::of).toList();
        writer.apply(List.of(new AppliedEntry(index++, 1, CommandCodec.encode(new SqlCommand(statements, false, false)))));
    }

    private List<StatementResult> query(String... sql) throws InterruptedException {
        if (readers == null) {
            readers = ReadPool.open(dir.resolve("db.sqlite"), 4);
        }
        return readers.query(java.util.Arrays.stream(sql).map(Statement::of).toList(), false);
    }

    @Test
    void mapsValuesAndTypesAsRqliteReportsThem() throws InterruptedException {
        write("CREATE TABLE t (id INTEGER PRIMARY KEY, name TEXT, v varchar(255), b BLOB, f REAL, ok BOOLEAN, j JSON)",
                "INSERT INTO t VALUES (9223372036854775807, 'ünï', 'y', x'00ff', 2.0, 1, '{}')",
                "INSERT INTO t VALUES (-9223372036854775808, NULL, NULL, NULL, 1.5, 0, NULL)");

        StatementResult.Rows rows = (StatementResult.Rows) query("SELECT * FROM t ORDER BY id DESC").get(0);

        assertEquals(List.of("id", "name", "v", "b", "f", "ok", "j"), rows.columns());
        assertEquals(List.of("integer", "text", "varchar(255)", "blob", "real", "boolean", "json"), rows.types());
        assertEquals(List.of(SqlValue.of(Long.MAX_VALUE), SqlValue.of("ünï"), SqlValue.of("y"), SqlValue.of(new byte[] {0, -1}),
                SqlValue.of(2.0), new SqlValue.Bool(true), SqlValue.of("{}")), rows.rows().get(0));
        assertEquals(List.of(SqlValue.of(Long.MIN_VALUE), SqlValue.NULL, SqlValue.NULL, SqlValue.NULL, SqlValue.of(1.5),
                new SqlValue.Bool(false), SqlValue.NULL), rows.rows().get(1));
    }

    @Test
    void expressionsTakeTheTypeOfTheirFirstValue() throws InterruptedException {
        write("CREATE TABLE t (x)");
        StatementResult.Rows rows = (StatementResult.Rows) query("SELECT 1 AS i, 1.5 AS r, 'a' AS s, x'01' AS b, NULL AS n, count(*) AS c").get(0);
        assertEquals(List.of("integer", "real", "text", "blob", "", "integer"), rows.types());

        StatementResult.Rows empty = (StatementResult.Rows) query("SELECT x, 1 AS one FROM t").get(0);
        assertEquals(List.of("", ""), empty.types(), "no declared type and no rows: empty type");
        assertEquals(List.of(), empty.rows());
    }

    @Test
    void writesAreRefusedWithRqlitesMessageAndErrorsDoNotStopTheRest() throws InterruptedException {
        write("CREATE TABLE t (x)");

        List<StatementResult> results = query("INSERT INTO t VALUES (1)", "SELECT * FROM nope", "SELECT count(*) AS n FROM t");

        assertEquals(ReadPool.WRITE_REFUSED, ((StatementResult.Failed) results.get(0)).error());
        assertEquals("no such table: nope", ((StatementResult.Failed) results.get(1)).error());
        assertEquals(List.of(List.of(SqlValue.of(0))), ((StatementResult.Rows) results.get(2)).rows());
    }

    @Test
    void readersRunAlongsideTheWriterWithoutErrors() throws Exception {
        write("CREATE TABLE t (x INTEGER)");
        query("SELECT 1");
        ExecutorService threads = Executors.newFixedThreadPool(4);
        try {
            List<Future<List<StatementResult>>> reads = new ArrayList<>();
            for (int round = 0; round < 50; round++) {
                write("INSERT INTO t VALUES (" + round + ")");
                reads.add(threads.submit(() -> query("SELECT count(*) FROM t")));
            }
            long previous = 0;
            for (Future<List<StatementResult>> read : reads) {
                StatementResult result = read.get().get(0);
                StatementResult.Rows rows = assertInstanceOf(StatementResult.Rows.class, result, "a reader got " + result);
                long seen = ((SqlValue.Int) rows.rows().get(0).get(0)).value();
                assertTrue(seen >= 0 && seen <= 50);
                previous = Math.max(previous, seen);
            }
            assertTrue(previous > 0);
        } finally {
            threads.shutdownNow();
        }
    }

    @Test
    void aSeparateReadOnlyOpenSeesCommittedData() throws Exception {
        write("CREATE TABLE t (x)", "INSERT INTO t VALUES (42)");
        org.sqlite.SQLiteConfig readOnly = new org.sqlite.SQLiteConfig();
        readOnly.setReadOnly(true);
        try (var external = readOnly.createConnection("jdbc:sqlite:" + dir.resolve("db.sqlite"));
             var rows = external.createStatement().executeQuery("SELECT x FROM t")) {
            rows.next();
            assertEquals(42, rows.getLong(1), "what sqlite3 -readonly or Datasette would see");
        }
    }
}
